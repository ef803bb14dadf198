import { expect } from "chai";
import { drainCommand, gracePeriodSeconds } from "../components/server/drain";
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems } from "../components";
import { isSecret } from "../harness/mock-engine";
import { baseArgs, runComponent, TYPES } from "./mocks";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SECRET = "kubernetes:core/v1:Secret";

const deployed = (deploy: object = {}) =>
    baseArgs({
        server: { ...baseArgs().server, deploy: { huggingFaceToken: pulumi.secret("hf_example"), ...deploy } },
        autoscaling: { metrics: [{ name: "vllm_num_requests_running" }, { name: "gpu_utilization_percent" }] },
    });

describe("optional vLLM server", () => {
    it("deploys the seeds' gemma-3-1b-it server on the GPU nodes, leaving replicas to the HPA", async () => {
        const plan = await runComponent(deployed());
        const d = plan.inputs(DEPLOYMENT, "test-vllm-server");
        expect(d.metadata).to.include({ name: "vllm-gemma-deployment", namespace: "vllm-example" });
        expect(d.spec).to.not.have.property("replicas");
        expect(d.spec.selector.matchLabels).to.deep.equal({ app: "gemma-server" });
        const pod = d.spec.template.spec;
        expect(pod.nodeSelector).to.deep.equal({ "nvidia.com/gpu.present": "true" });
        expect(pod.tolerations).to.deep.equal([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        const c = pod.containers[0];
        expect(c.args).to.deep.equal(["--model", "google/gemma-3-1b-it", "--port", "8080"]);
        expect(c.ports).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        expect(c.resources.limits["nvidia.com/gpu"]).to.equal("1");
        expect(c.startupProbe).to.deep.include({ periodSeconds: 10, failureThreshold: 120 });
        expect(c.startupProbe.httpGet).to.deep.equal({ path: "/health", port: "http" });
        expect(c.readinessProbe.httpGet.path).to.equal("/health");
    });

    it("drains gracefully: out of the endpoints, in-flight requests finished, then SIGTERM", async () => {
        const pod = (await runComponent(deployed({ drainSeconds: 300 }))).inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec;
        expect(pod.containers[0].lifecycle).to.deep.equal({ preStop: { exec: { command: drainCommand(8080, 300) } } });
        expect(pod.terminationGracePeriodSeconds).to.equal(gracePeriodSeconds(300));
        const byDefault = (await runComponent(deployed())).inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec;
        expect(byDefault.terminationGracePeriodSeconds, "Kubernetes' 30 s would cut long generations").to.equal(160);
    });

    it("keeps the Hugging Face token a secret, in a Secret the container reads", async () => {
        const plan = await runComponent(deployed());
        const secret = plan.inputs(SECRET, "test-hf-token");
        // The whole stringData is held as a secret: the token is never in plain state.
        expect(isSecret(secret.stringData)).to.equal(true);
        const env = plan.inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec.containers[0].env;
        expect(env).to.deep.equal([{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "token" } } }]);
    });

    it("scales, scrapes and protects exactly the pods it deploys", async () => {
        const plan = await runComponent(deployed());
        const d = plan.inputs(DEPLOYMENT, "test-vllm-server");
        const podLabels = d.spec.template.metadata.labels;
        const hpa = plan.inputs(TYPES.hpa, "test-vllm");
        expect(hpa.spec.scaleTargetRef.name).to.equal(d.metadata.name);
        const metrics = plan.inputs(TYPES.service, "test-vllm-metrics");
        for (const [k, v] of Object.entries(metrics.spec.selector)) {
            expect(podLabels[k], k).to.equal(v);
        }
        expect(metrics.spec.ports[0].port).to.equal(d.spec.template.spec.containers[0].ports[0].containerPort);
        const service = plan.inputs(TYPES.service, "test-vllm-server");
        expect(service.spec.type).to.equal("ClusterIP");
        expect(service.spec.ports[0].targetPort).to.equal("http");
    });

    it("creates the server namespace first, and everything in it waits for it", async () => {
        const plan = await runComponent(deployed());
        const inServerNamespace = plan.resources.filter((r) => (r.inputs as any).metadata?.namespace === "vllm-example");
        expect(inServerNamespace.length).to.be.greaterThan(4);
        for (const r of inServerNamespace) {
            expect(r.dependsOn, `${r.type} ${r.name}`).to.include("test-server");
        }
        const monitoring = plan.resources.filter((r) => (r.inputs as any).metadata?.namespace === "monitoring");
        for (const r of monitoring) {
            expect(r.dependsOn, r.name).to.not.include("test-server");
        }
    });

    it("targets an existing server when deploy is omitted: no Deployment, Service or Secret of its own", async () => {
        const plan = await runComponent(baseArgs());
        expect(plan.ofType(DEPLOYMENT)).to.deep.equal([]);
        expect(plan.ofType(SECRET)).to.deep.equal([]);
        expect(plan.has(TYPES.service, "test-vllm-server")).to.equal(false);
        expect(plan.has(TYPES.namespace, "test-server")).to.equal(false);
    });

    it("rejects a pod that needs more GPUs than a node holds", () => {
        const args = deployed({ gpusPerPod: 2 });
        const problems = findInputProblems("test", {
            ...args,
            cloud: "gke",
            gke: { project: "p", location: "l", clusterName: "c" },
            nodePool: { accelerator: "nvidia-l4", gpusPerNode: 1 },
        });
        expect(problems).to.deep.equal([
            {
                propertyPath: "server.deploy.gpusPerPod",
                reason: "server.deploy.gpusPerPod is 2 but nodePool.gpusPerNode is 1; a pod cannot use more GPUs than its node has",
            },
        ]);
    });
});
