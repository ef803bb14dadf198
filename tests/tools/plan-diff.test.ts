import { expect } from "chai";
import {
    diffPlans,
    diffValues,
    formatPlanDiff,
    joinPath,
    PlanResource,
} from "../../tools/plan-diff/diff";

const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const SVC = "kubernetes:core/v1:Service";
const REL = "kubernetes:helm.sh/v3:Release";

function hpa(
    maxReplicas: number,
    metrics: unknown[] = [{ name: "vllm_num_requests_running", target: 4 }],
): PlanResource {
    return {
        type: HPA,
        name: "inference-vllm",
        parent: "inference",
        dependsOn: [],
        inputs: {
            metadata: {
                name: "inference-vllm",
                namespace: "vllm-example",
                labels: { "app.kubernetes.io/name": "vllm" },
            },
            spec: { minReplicas: 1, maxReplicas, metrics },
        },
    };
}

const service: PlanResource = {
    type: SVC,
    name: "inference-vllm-metrics",
    parent: "inference",
    dependsOn: [],
    inputs: { spec: { ports: [{ name: "metrics", port: 8080 }] } },
};

const release = (kubeconfig: string): PlanResource => ({
    type: REL,
    name: "inference-prometheus",
    dependsOn: ["inference-monitoring"],
    inputs: {
        chart: "kube-prometheus-stack",
        values: { grafana: { adminPassword: "[secret]" } },
        kubeconfig,
    },
});

describe("plan-diff: diff of two plans (pure)", () => {
    it("formats JSON paths for identifiers, odd keys and indexes", () => {
        expect(joinPath("", "spec")).to.equal("spec");
        expect(joinPath("spec", "maxReplicas")).to.equal("spec.maxReplicas");
        expect(joinPath("metadata.labels", "app.kubernetes.io/name")).to.equal(
            'metadata.labels["app.kubernetes.io/name"]',
        );
        expect(joinPath("spec.metrics", 2)).to.equal("spec.metrics[2]");
    });

    it("reports no changes for identical plans, whatever their order", () => {
        const diff = diffPlans([hpa(5), service], [service, hpa(5)]);
        expect(diff).to.deep.equal({ added: [], removed: [], changed: [], unchanged: 2 });
        expect(formatPlanDiff(diff)).to.equal("no changes (2 resources)");
    });

    it("lists added and removed resources by type and name", () => {
        const diff = diffPlans([hpa(5), service], [hpa(5), release("[secret]")]);
        expect(diff.added).to.deep.equal([{ type: REL, name: "inference-prometheus" }]);
        expect(diff.removed).to.deep.equal([{ type: SVC, name: "inference-vllm-metrics" }]);
        expect(formatPlanDiff(diff)).to.equal(
            [
                `- ${SVC} inference-vllm-metrics`,
                `+ ${REL} inference-prometheus`,
                "0 changed, 1 added, 1 removed, 1 unchanged",
            ].join("\n"),
        );
    });

    it("shows a changed nested input as its JSON path with old → new", () => {
        const diff = diffPlans([hpa(5), service], [hpa(7), service]);
        expect(diff.changed).to.deep.equal([
            {
                type: HPA,
                name: "inference-vllm",
                changes: [{ path: "spec.maxReplicas", before: 5, after: 7 }],
            },
        ]);
        expect(formatPlanDiff(diff)).to.equal(
            [
                `~ ${HPA} inference-vllm`,
                "    spec.maxReplicas: 5 → 7",
                "1 changed, 0 added, 0 removed, 1 unchanged",
            ].join("\n"),
        );
    });

    it("marks a change to an input the resource ignores: a deployed stack keeps its value", () => {
        const ignoring = (max: number): PlanResource => ({ ...hpa(max), ignoreChanges: ["spec"] });
        const diff = diffPlans([hpa(5)], [ignoring(7)]);
        expect(diff.changed[0].changes).to.deep.equal([
            { path: "spec.maxReplicas", before: 5, after: 7, ignored: true },
        ]);
        expect(formatPlanDiff(diff).split("\n")[1]).to.equal(
            "    spec.maxReplicas: 5 → 7 (ignoreChanges: a deployed stack keeps its value)",
        );
        const near = { ...hpa(7), ignoreChanges: ["spec.max"] };
        expect(diffPlans([hpa(5)], [near]).changed[0].changes[0]).to.not.have.property("ignored");
    });

    it("compares arrays index by index: a changed element, an appended one, a removed one", () => {
        const two = [
            { name: "vllm_num_requests_running", target: 4 },
            { name: "gpu_utilization_percent", target: 20 },
        ];
        const changedAndAppended = [
            { name: "vllm_num_requests_running", target: 6 },
            { name: "gpu_utilization_percent", target: 20 },
            { name: "vllm_num_requests_waiting", target: 5 },
        ];
        const out = formatPlanDiff(diffPlans([hpa(5, two)], [hpa(5, changedAndAppended)]));
        expect(out).to.equal(
            [
                `~ ${HPA} inference-vllm`,
                "    spec.metrics[0].target: 4 → 6",
                '    spec.metrics[2].name: (absent) → "vllm_num_requests_waiting"',
                "    spec.metrics[2].target: (absent) → 5",
                "1 changed, 0 added, 0 removed, 0 unchanged",
            ].join("\n"),
        );
        expect(diffValues({ a: [1, 2, 3] }, { a: [1] })).to.deep.equal([
            { path: "a[1]", before: 2 },
            { path: "a[2]", before: 3 },
        ]);
    });

    it("quotes odd keys, shows type changes and empty containers, and keeps secrets as [secret]", () => {
        const before = hpa(5);
        const after = hpa(5);
        (after.inputs.metadata as any).labels = {
            "app.kubernetes.io/name": "vllm-server",
            tier: {},
        };
        (after.inputs.spec as any).minReplicas = "1";
        const diff = diffPlans(
            [before, release("[secret]")],
            [
                after,
                {
                    ...release("[secret]"),
                    inputs: { ...release("[secret]").inputs, kubeconfig: "plain" },
                },
            ],
        );
        expect(formatPlanDiff(diff)).to.equal(
            [
                `~ ${HPA} inference-vllm`,
                '    metadata.labels["app.kubernetes.io/name"]: "vllm" → "vllm-server"',
                "    metadata.labels.tier: (absent) → {}",
                '    spec.minReplicas: 1 → "1"',
                `~ ${REL} inference-prometheus`,
                '    kubeconfig: "[secret]" → "plain"',
                "2 changed, 0 added, 0 removed, 0 unchanged",
            ].join("\n"),
        );
        // A secret whose value changed is still "[secret]" on both sides: nothing to show, nothing leaked.
        expect(diffPlans([release("[secret]")], [release("[secret]")]).unchanged).to.equal(1);
    });

    it("reports a changed parent or dependency as (parent) and (dependsOn)", () => {
        const moved: PlanResource = {
            ...service,
            parent: "other",
            dependsOn: ["inference-server"],
        };
        expect(formatPlanDiff(diffPlans([service], [moved]))).to.equal(
            [
                `~ ${SVC} inference-vllm-metrics`,
                '    (parent): "inference" → "other"',
                '    (dependsOn): [] → ["inference-server"]',
                "1 changed, 0 added, 0 removed, 0 unchanged",
            ].join("\n"),
        );
    });

    it("keeps resources that share a type and name apart", () => {
        const twin: PlanResource = { ...service, parent: "twin" };
        const diff = diffPlans([service, twin], [service]);
        expect(diff.removed).to.deep.equal([{ type: SVC, name: "inference-vllm-metrics" }]);
        expect(diff.unchanged).to.equal(1);
    });
});
