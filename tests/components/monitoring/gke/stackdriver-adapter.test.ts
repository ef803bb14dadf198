/**
 * The Custom Metrics Stackdriver Adapter the component makes, against Google's own manifest
 * (../shared/upstream, v0.16.9-gke.0), field by field. Where ours differs it is on purpose, and the
 * differences are listed here with their reason.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { REPO_ROOT } from "../../../../harness/plan";
import { baseArgs, Plan, runComponent } from "../../../mocks";

const UPSTREAM = path.join(
    REPO_ROOT,
    "..",
    "shared",
    "upstream",
    "custom-metrics-stackdriver-adapter-v0.16.9-gke.0.yaml",
);
const GKE = {
    cloud: "gke" as const,
    gke: { project: "proj-1", location: "us-central1", clusterName: "c1" },
};

/**
 * Ours on purpose: two replicas spread over nodes with a PodDisruptionBudget (the HPA keeps its
 * metrics through a drain); the pinned tag pulled IfNotPresent, not Always; cluster-scoped RBAC
 * names prefixed with the component's name; our labels; no privilege escalation; no
 * `external.metrics.k8s.io` APIService (the HPA reads custom metrics only; KEDA or the user may
 * serve external metrics, and a switch to KEDA installs KEDA's before this adapter goes); a
 * service account tagged with the cluster (its Workload Identity grant is then the cluster's own).
 */
const INTENDED = [
    "replicas",
    "imagePullPolicy",
    "cluster-scoped names",
    "labels",
    "securityContext",
    "topologySpreadConstraints",
    "PodDisruptionBudget",
    "external.metrics APIService",
    "namespace",
    "service account name",
];
/**
 * Ours runs in `<name>-custom-metrics`, not Google's `custom-metrics` (many GKE clusters run
 * Google's adapter there), as a service account tagged with the cluster; every reference to
 * either is compared as if it were Google's.
 */
const OURS_NAMESPACE = "test-custom-metrics";
const TAGGED_ACCOUNT = /"custom-metrics-stackdriver-adapter-[0-9a-f]{8}"/g;
const asGoogles = <T>(value: T): T =>
    JSON.parse(
        JSON.stringify(value)
            .split(`"${OURS_NAMESPACE}"`)
            .join('"custom-metrics"')
            .replace(TAGGED_ACCOUNT, '"custom-metrics-stackdriver-adapter"'),
    );
const NOT_REGISTERED = ["v1beta1.external.metrics.k8s.io"];

describe(`Stackdriver adapter against Google's manifest (${INTENDED.length} intended differences)`, () => {
    let upstream: any[];
    let plan: Plan;
    const ofKind = (kind: string) => upstream.filter((o) => o.kind === kind);
    const ours = (type: string) =>
        plan.ofType(`kubernetes:${type}`).map((r) => asGoogles(r.inputs as any));
    before(async () => {
        upstream = yaml.loadAll(fs.readFileSync(UPSTREAM, "utf8")) as any[];
        plan = await runComponent(baseArgs(GKE));
    });

    it("runs the same image, command, readiness probe, resources and tolerations", () => {
        const theirs = ofKind("Deployment")[0].spec.template.spec;
        const [deployment] = ours("apps/v1:Deployment").filter(
            (d) => d.metadata.name === "custom-metrics-stackdriver-adapter",
        );
        const pod = deployment.spec.template.spec;
        const [c, t] = [pod.containers[0], theirs.containers[0]];
        expect({
            image: c.image,
            command: c.command,
            readinessProbe: c.readinessProbe,
            resources: c.resources,
        }).to.deep.equal({
            image: t.image,
            command: t.command,
            readinessProbe: t.readinessProbe,
            resources: t.resources,
        });
        expect(pod.tolerations).to.deep.equal(theirs.tolerations);
        expect([deployment.metadata.namespace, pod.serviceAccountName]).to.deep.equal([
            ofKind("Deployment")[0].metadata.namespace,
            theirs.serviceAccountName,
        ]);
        expect(deployment.spec.replicas, "intended: two replicas").to.equal(2);
        const namespaces = plan
            .ofType("kubernetes:core/v1:Namespace")
            .map((r) => (r.inputs as any).metadata.name);
        expect(namespaces, "intended: its own namespace, never Google's")
            .to.include(OURS_NAMESPACE)
            .and.not.include("custom-metrics");
        expect(
            plan.inputs(
                "kubernetes:policy/v1:PodDisruptionBudget",
                "test-custom-metrics-stackdriver-adapter",
            ).spec.maxUnavailable,
        ).to.equal(1);
    });

    it("serves the same port and registers the same custom.metrics APIServices, and no external.metrics", () => {
        const [service] = ours("core/v1:Service").filter(
            (s) => s.metadata.name === "custom-metrics-stackdriver-adapter",
        );
        const strip = (ports: any[]) =>
            ports.map(({ port, protocol, targetPort }) => ({ port, protocol, targetPort }));
        expect(strip(service.spec.ports)).to.deep.equal(strip(ofKind("Service")[0].spec.ports));
        const apiServices = ours("apiregistration.k8s.io/v1:APIService");
        const registered = ofKind("APIService").filter(
            (a) => !NOT_REGISTERED.includes(a.metadata.name),
        );
        for (const theirs of registered) {
            const mine = apiServices.find((a) => a.metadata.name === theirs.metadata.name);
            expect(mine?.spec, theirs.metadata.name).to.deep.equal(theirs.spec);
        }
        expect(apiServices.map((a) => a.metadata.name).sort()).to.deep.equal(
            registered.map((a) => a.metadata.name).sort(),
        );
    });

    it("grants exactly the same RBAC: the same rules, roles and subjects", () => {
        const roles = ours("rbac.authorization.k8s.io/v1:ClusterRole");
        for (const theirs of ofKind("ClusterRole")) {
            const mine = roles.find((r) => r.metadata.name === `test-${theirs.metadata.name}`);
            expect(mine?.rules, theirs.metadata.name).to.deep.equal(theirs.rules);
        }
        expect(roles).to.have.length(ofKind("ClusterRole").length);
        const bindings = [
            ...ours("rbac.authorization.k8s.io/v1:ClusterRoleBinding"),
            ...ours("rbac.authorization.k8s.io/v1:RoleBinding"),
        ];
        const shape = (b: any) => ({
            kind: b.kind ?? (b.metadata.namespace ? "RoleBinding" : "ClusterRoleBinding"),
            namespace: b.metadata.namespace,
            role: `${b.roleRef.kind}/${String(b.roleRef.name).replace(/^test-/, "")}`,
            subjects: b.subjects,
        });
        const theirs = [...ofKind("ClusterRoleBinding"), ...ofKind("RoleBinding")].map(shape);
        expect(bindings.map(shape)).to.have.deep.members(theirs);
    });
});
