import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems } from "../../components";
import { STACKDRIVER_ADAPTER } from "../../components/monitoring/gke/stackdriver-adapter";
import { shippedStacks, REPO_ROOT } from "../../harness/plan";
import { baseArgs, runComponent, TYPES } from "../mocks";

const CREDENTIAL_KEY = /token|password|secret|kubeconfig|credential|apikey|api-key/i;

describe("security defaults", () => {
    it("keeps credentials out of plain stack config: such keys must be `secure:` values", () => {
        for (const stack of shippedStacks()) {
            const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
            const config = ((yaml.load(fs.readFileSync(file, "utf8")) as any).config ??
                {}) as Record<string, unknown>;
            for (const [key, value] of Object.entries(config)) {
                if (CREDENTIAL_KEY.test(key)) {
                    expect(value, `${stack}: ${key}`).to.be.an("object").with.property("secure");
                }
            }
        }
    });

    it("creates no cloud keys: pods get cloud access through workload identity only", async () => {
        const clouds = [
            baseArgs({
                cloud: "gke",
                gke: { project: "p", location: "l", clusterName: "c" },
                nodePool: { accelerator: "nvidia-l4" },
            }),
            baseArgs({
                cloud: "eks",
                eks: { clusterName: "c", subnetIds: ["s"] },
                nodePool: { accelerator: "nvidia-l4" },
            }),
            baseArgs({
                cloud: "aks",
                aks: { resourceGroupName: "rg", clusterName: "c" },
                nodePool: { accelerator: "nvidia-t4" },
            }),
        ];
        for (const args of clouds) {
            const plan = await runComponent(args);
            const keyTypes = plan.resources
                .map((r) => r.type)
                .filter((t) => /serviceaccount\/key|accessKey|iam\/userPolicy|iam\/user:/i.test(t));
            expect(keyTypes, String(args.cloud)).to.deep.equal([]);
        }
    });

    it("exposes nothing outside the cluster: every Service and chart Service is ClusterIP", async () => {
        const plans = [
            await runComponent(
                baseArgs({
                    prometheus: { grafana: true, grafanaAdminPassword: pulumi.secret("pw") },
                }),
            ),
            await runComponent(
                baseArgs({ cloud: "gke", gke: { project: "p", location: "l", clusterName: "c" } }),
            ),
        ];
        for (const plan of plans) {
            for (const s of plan.ofType(TYPES.service)) {
                expect((s.inputs as any).spec.type ?? "ClusterIP", s.name).to.equal("ClusterIP");
            }
        }
        const stack = plans[0].inputs(TYPES.release, "test-prometheus").values;
        expect(stack.prometheus.service.type).to.equal("ClusterIP");
        expect(stack.grafana.service.type).to.equal("ClusterIP");
        const adapter = plans[0].inputs(TYPES.release, "test-prometheus-adapter").values;
        expect(adapter.service?.type ?? "ClusterIP").to.equal("ClusterIP");
    });

    it("leaves prometheus-adapter's RBAC as its chart defines it", async () => {
        const plan = await runComponent(baseArgs());
        expect(plan.inputs(TYPES.release, "test-prometheus-adapter").values).to.not.have.property(
            "rbac",
        );
    });

    it("gives the Stackdriver adapter no more than Google's manifest: read pods and nodes, delegate auth", async () => {
        const plan = await runComponent(
            baseArgs({ cloud: "gke", gke: { project: "p", location: "l", clusterName: "c" } }),
        );
        const roles = plan
            .ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")
            .map((r) => (r.inputs as any).rules);
        expect(roles).to.have.deep.members([
            [
                {
                    apiGroups: [""],
                    resources: ["pods", "nodes", "nodes/stats"],
                    verbs: ["get", "list", "watch"],
                },
            ],
            [
                {
                    apiGroups: ["external.metrics.k8s.io"],
                    resources: ["*"],
                    verbs: ["list", "get", "watch"],
                },
            ],
        ]);
        const bindings = plan.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        const refs = bindings.map((b) => (b.inputs as any).roleRef.name).sort();
        expect(refs).to.deep.equal([
            "system:auth-delegator",
            "test-custom-metrics-resource-reader",
            "test-external-metrics-reader",
        ]);
        const adapterSubjects = bindings
            .filter((b) => (b.inputs as any).roleRef.name !== "test-external-metrics-reader")
            .map((b) => (b.inputs as any).subjects[0]);
        // The adapter's own service account, named for its cluster (gke/cluster-identity.ts).
        const account = plan.inputs(
            "kubernetes:core/v1:ServiceAccount",
            `test-${STACKDRIVER_ADAPTER.serviceAccount}`,
        ).metadata.name;
        expect(account).to.match(new RegExp(`^${STACKDRIVER_ADAPTER.serviceAccount}-[0-9a-f]{8}$`));
        for (const s of adapterSubjects) {
            expect(s).to.deep.equal({
                kind: "ServiceAccount",
                name: account,
                namespace: "test-custom-metrics",
            });
        }
    });

    it("keeps the kubeconfig a secret in every stack's plan", () => {
        for (const stack of ["gke", "eks", "aks"]) {
            const out = fs.mkdtempSync(path.join(os.tmpdir(), `sec-${stack}-`));
            try {
                execFileSync(
                    "npm",
                    ["run", "--silent", "render", "--", "--stack", stack, "--out", out],
                    { cwd: REPO_ROOT, stdio: "pipe" },
                );
                const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
                const provider = plan.find((r: any) => r.type === "pulumi:providers:kubernetes");
                expect(provider.inputs.kubeconfig, stack).to.equal("[secret]");
                expect(fs.readFileSync(path.join(out, "plan.json"), "utf8")).to.not.include(
                    "certificate-authority-data",
                );
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
            }
        }
    }).timeout(120000);

    it("adds a PodDisruptionBudget over the vLLM pods that never blocks a drain, and drops exactly it when asked", async () => {
        const plan = await runComponent(baseArgs());
        const pdb = plan.inputs("kubernetes:policy/v1:PodDisruptionBudget", "test-vllm");
        expect(pdb.metadata.namespace).to.equal("vllm-example");
        expect(pdb.spec).to.deep.equal({
            maxUnavailable: 1,
            selector: { matchLabels: { app: "gemma-server" } },
        });
        const without = await runComponent(
            baseArgs({ server: { ...baseArgs().server, podDisruptionBudget: false } }),
        );
        expect(without.keys()).to.deep.equal(
            plan.keys().filter((k) => k !== "kubernetes:policy/v1:PodDisruptionBudget test-vllm"),
        );
    });

    it("accepts cluster identity that is unknown at preview (another stack's output)", () => {
        const unknown = pulumi.output(pulumi.unknown as unknown as string);
        const problems = findInputProblems(
            "test",
            baseArgs({
                cloud: "eks",
                eks: {
                    clusterName: unknown,
                    subnetIds: pulumi.output(pulumi.unknown as unknown as string[]),
                },
                nodePool: { accelerator: "nvidia-l4" },
            }),
        );
        expect(problems).to.deep.equal([]);
    });
});
