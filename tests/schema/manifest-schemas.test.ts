/**
 * Every Kubernetes object in every stack's rendered plan validates against its upstream schema
 * (see object-schemas.ts), and the validation rejects deliberately broken objects.
 */
import { expect } from "chai";
import { shippedStacks } from "../../harness/plan";
import { KubeObject, objectsOfKind, renderedStack } from "../../harness/rendered-stack";
import { schemaProblems } from "./object-schemas";

/** A rendered object of `kind` from any stack, else `fallback`; deep-copied so a test may break it. */
function sampleOf(kind: string, fallback: KubeObject): KubeObject {
    for (const stack of shippedStacks()) {
        const found = objectsOfKind(renderedStack(stack), kind)[0];
        if (found) {
            return structuredClone(found);
        }
    }
    return structuredClone(fallback);
}

const meta = (name: string, namespace?: string) => ({
    name,
    ...(namespace ? { namespace } : {}),
    labels: { app: "x" },
});

const FALLBACKS: Record<string, KubeObject> = {
    HorizontalPodAutoscaler: {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: meta("hpa", "ns"),
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "d" },
            maxReplicas: 3,
        },
    },
    Service: {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta("svc", "ns"),
        spec: {
            selector: { app: "x" },
            ports: [{ name: "metrics", port: 8000, targetPort: 8000 }],
        },
    },
    ServiceMonitor: {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: meta("sm", "ns"),
        spec: {
            selector: { matchLabels: { app: "x" } },
            endpoints: [{ port: "metrics", honorLabels: false }],
        },
    },
    PrometheusRule: {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: meta("rules", "ns"),
        spec: { groups: [{ name: "g", rules: [{ record: "r", expr: "up" }] }] },
    },
    PodMonitoring: {
        apiVersion: "monitoring.googleapis.com/v1",
        kind: "PodMonitoring",
        metadata: meta("pm", "ns"),
        spec: {
            selector: { matchLabels: { app: "x" } },
            endpoints: [{ port: 8080, interval: "15s", path: "/metrics" }],
        },
    },
    ClusterPodMonitoring: {
        apiVersion: "monitoring.googleapis.com/v1",
        kind: "ClusterPodMonitoring",
        metadata: meta("cpm"),
        spec: {
            selector: { matchLabels: { app: "x" } },
            endpoints: [{ port: "metrics", interval: "15s" }],
            targetLabels: { metadata: [] },
        },
    },
};

describe("Kubernetes objects against their upstream schemas", function () {
    this.timeout(120_000);

    for (const stack of shippedStacks()) {
        it(`stack ${stack}: every object in the rendered plan is valid`, async () => {
            const rendered = renderedStack(stack);
            expect(rendered.objects.size).to.be.greaterThan(0);
            const problems: string[] = [];
            for (const [file, object] of rendered.objects) {
                for (const p of await schemaProblems(object)) {
                    problems.push(`${file} ${p}`);
                }
            }
            expect(problems, problems.join("\n")).to.deep.equal([]);
        });
    }

    /** Breaks a valid sample of `kind` and expects a problem at `path`. */
    function rejects(kind: string, what: string, breakIt: (o: KubeObject) => void, path: RegExp) {
        it(`rejects a ${kind} with ${what}`, async () => {
            const object = sampleOf(kind, FALLBACKS[kind]);
            expect(await schemaProblems(object), "the unbroken sample").to.deep.equal([]);
            breakIt(object);
            const problems = await schemaProblems(object);
            expect(
                problems.some((p) => path.test(p)),
                problems.join("\n") || "no problems found",
            ).to.equal(true);
        });
    }

    rejects(
        "HorizontalPodAutoscaler",
        "a non-numeric maxReplicas",
        (o) => (o.spec.maxReplicas = "five"),
        /^\/spec\/maxReplicas: must be integer/,
    );
    rejects(
        "HorizontalPodAutoscaler",
        "no scaleTargetRef",
        (o) => delete o.spec.scaleTargetRef,
        /^\/spec: must have required property '?scaleTargetRef'?/,
    );
    rejects(
        "Service",
        "a port given as a name",
        (o) => (o.spec.ports[0].port = "metrics"),
        /^\/spec\/ports\/0\/port: must be integer/,
    );
    rejects(
        "ServiceMonitor",
        "honorLabels as a string",
        (o) => (o.spec.endpoints[0].honorLabels = "false"),
        /^\/spec\/endpoints\/0\/honorLabels: must be boolean/,
    );
    rejects(
        "PrometheusRule",
        "a rule without expr",
        (o) => delete o.spec.groups[0].rules[0].expr,
        /^\/spec\/groups\/0\/rules\/0: must have required property '?expr'?/,
    );
    rejects(
        "PodMonitoring",
        "a misspelt field",
        (o) => ((o.spec.endpoint = o.spec.endpoints), delete o.spec.endpoints),
        /^\/spec: must (have required property '?endpoints'?|NOT have additional properties \(endpoint\))/,
    );
    rejects(
        "PodMonitoring",
        "an interval that is not a duration",
        (o) => (o.spec.endpoints[0].interval = "15 seconds"),
        /^\/spec\/endpoints\/0\/interval: must match format "duration"/,
    );
    rejects(
        "ClusterPodMonitoring",
        "a target label outside the enum",
        (o) => (o.spec.targetLabels = { metadata: ["cluster"] }),
        /^\/spec\/targetLabels\/metadata\/0: must be equal to one of the allowed values/,
    );
    rejects(
        "ClusterPodMonitoring",
        "a namespace, though it is cluster-scoped",
        (o) => (o.metadata.namespace = "monitoring"),
        /^\/metadata\/namespace: ClusterPodMonitoring is cluster-scoped/,
    );
    rejects(
        "Service",
        "a namespace that is not a DNS label",
        (o) => (o.metadata.namespace = "Bad_NS"),
        /^\/metadata\/namespace: "Bad_NS" is not a DNS-1123 label/,
    );

    it("fails clearly on a kind it has no schema for", async () => {
        const widget = {
            apiVersion: "example.com/v1",
            kind: "Widget",
            metadata: { name: "w" },
            spec: {},
        };
        let error: unknown;
        try {
            await schemaProblems(widget);
        } catch (err) {
            error = err;
        }
        expect(String(error)).to.match(/no schema known for example.com\/v1 Widget/);
    });
});
