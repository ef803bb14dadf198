import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { drainCommand, gracePeriodSeconds } from "../../../components/server/drain";
import {
    MODEL_CACHE_HOST_PATH,
    startupBudgetSeconds,
    UNKNOWN_MODEL_STARTUP_SECONDS,
} from "../../../components/server/model-cache";
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems } from "../../../components";
import { isSecret } from "../../../harness/mock-engine";
import { baseArgs, runComponent, TYPES } from "../../mocks";
import { runFetch } from "../../support/fetch-script";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SECRET = "kubernetes:core/v1:Secret";

const deployed = (deploy: object = {}) =>
    baseArgs({
        server: {
            ...baseArgs().server,
            deploy: { huggingFaceToken: pulumi.secret("hf_example"), ...deploy },
        },
        autoscaling: {
            metrics: [{ name: "vllm_num_requests_running" }, { name: "gpu_utilization_percent" }],
        },
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
        expect(pod.tolerations).to.deep.equal([
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);
        const c = pod.containers[0];
        expect(c.args).to.deep.equal(["--model", "google/gemma-3-1b-it", "--port", "8080"]);
        expect(c.ports).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        expect(c.resources.limits["nvidia.com/gpu"]).to.equal("1");
        // gemma-3-1b-it's 2 GB read from the node's cache: the 300 s floor (model-cache.ts).
        expect(c.startupProbe).to.deep.include({ periodSeconds: 10, failureThreshold: 30 });
        expect(c.startupProbe.httpGet).to.deep.equal({ path: "/health", port: "http" });
        expect(c.readinessProbe.httpGet.path).to.equal("/health");
    });

    it("gives a saturated server time to answer /health, and restarts only one silent for minutes", async () => {
        const c = (await runComponent(deployed())).inputs(DEPLOYMENT, "test-vllm-server").spec
            .template.spec.containers[0];
        const window = (p: any) => p.periodSeconds * p.failureThreshold;
        for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
            // The kubelet's default is 1 s, which a loaded vLLM misses.
            expect(c[probe].timeoutSeconds, probe).to.be.at.least(5);
        }
        expect(c.livenessProbe.timeoutSeconds).to.be.at.least(10);
        expect(
            window(c.livenessProbe),
            "liveness: seconds of failures before a restart",
        ).to.be.at.least(180);
        expect(window(c.livenessProbe)).to.be.at.least(10 * window(c.readinessProbe));
    });

    it("fetches the weights into the node's cache before vLLM starts, and sizes the startup probe from that", async () => {
        const pod = (await runComponent(deployed())).inputs(DEPLOYMENT, "test-vllm-server").spec
            .template.spec;
        const [fetch] = pod.initContainers;
        expect(fetch.name).to.equal("fetch-model");
        expect(fetch.image).to.equal(pod.containers[0].image);
        expect(fetch.command.slice(0, 2)).to.deep.equal(["python3", "-c"]);
        expect(fetch.command[2]).to.contain("snapshot_download(sys.argv[1]");
        expect(fetch.command[3]).to.equal("google/gemma-3-1b-it");
        expect(fetch.resources.limits).to.not.have.property("nvidia.com/gpu");
        const cache = pod.volumes.find((v: any) => v.hostPath);
        expect(cache).to.deep.equal({
            name: "model-cache",
            hostPath: { path: MODEL_CACHE_HOST_PATH, type: "DirectoryOrCreate" },
        });
        // The fetch writes the model's directory; vLLM reads it (model-cache.test.ts has the layout).
        expect(fetch.volumeMounts.map((m: any) => m.name)).to.deep.equal(["model-cache"]);
        expect(pod.containers[0].volumeMounts).to.deep.include({
            name: "model-cache",
            mountPath: "/model-cache/vllm-example/vllm-gemma-deployment",
            subPath: "vllm-example/vllm-gemma-deployment",
            readOnly: true,
        });
        // Without the cache vLLM downloads under the probe: no init container, no hostPath, no
        // keep-alive, the token in vLLM itself, a longer budget.
        const uncached = (await runComponent(deployed({ modelCache: false }))).inputs(
            DEPLOYMENT,
            "test-vllm-server",
        ).spec.template.spec;
        expect(uncached.initContainers).to.deep.equal([]);
        expect(uncached.volumes.some((v: any) => v.hostPath)).to.equal(false);
        expect(uncached.containers.map((c: any) => c.name)).to.deep.equal(["vllm"]);
        expect(uncached.containers[0].env.map((e: any) => e.name)).to.deep.equal(["HF_TOKEN"]);
        const threshold = (spec: any) =>
            spec.containers[0].startupProbe.failureThreshold *
            spec.containers[0].startupProbe.periodSeconds;
        expect(threshold(uncached)).to.equal(startupBudgetSeconds("google/gemma-3-1b-it", false));
        expect(threshold(pod)).to.be.lessThan(threshold(uncached));
        const own = (await runComponent(deployed({ startupTimeoutSeconds: 900 }))).inputs(
            DEPLOYMENT,
            "test-vllm-server",
        ).spec.template.spec;
        expect(threshold(own), "a budget given is a budget kept").to.equal(900);
    });

    it("rolls out without needing a free GPU unless asked to surge, and waits as long as a new pod may take", async () => {
        const spec = async (deploy: object) =>
            (await runComponent(deployed(deploy))).inputs(DEPLOYMENT, "test-vllm-server").spec;
        const byDefault = await spec({});
        // The default surge (25 % rounded up: one pod) needs one more GPU; on a full pool it never starts.
        expect(byDefault.strategy).to.deep.equal({
            type: "RollingUpdate",
            rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        });
        expect((await spec({ strategy: "surge" })).strategy.rollingUpdate).to.deep.equal({
            maxSurge: 1,
            maxUnavailable: 0,
        });
        // Kubernetes' 600 s default is shorter than a start-up budget plus a node and the image.
        const budget = byDefault.template.spec.containers[0].startupProbe;
        expect(byDefault.progressDeadlineSeconds).to.be.above(
            budget.periodSeconds * budget.failureThreshold + 600,
        );
        const slow = await spec({ startupTimeoutSeconds: 3000 });
        expect(slow.progressDeadlineSeconds - byDefault.progressDeadlineSeconds).to.equal(
            3000 - 300,
        );
    });

    it("refuses a rollout strategy it does not know, naming the allowed ones", () => {
        expect(findInputProblems("test", deployed({ strategy: "recreate" }))).to.deep.equal([
            {
                propertyPath: "server.deploy.strategy",
                reason: 'server.deploy.strategy is "recreate" (a string); it must be one of: replace, surge',
            },
        ]);
    });

    it("serves a pinned model revision: vLLM and both fetches ask for it (the fetch script run with a recording huggingface_hub)", async () => {
        const plan = await runComponent(deployed({ modelRevision: "0123abc" }));
        const pod = plan.inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec;
        expect(pod.containers[0].args.slice(0, 4)).to.deep.equal([
            "--model",
            "google/gemma-3-1b-it",
            "--revision",
            "0123abc",
        ]);
        const prepull = plan.inputs("kubernetes:apps/v1:DaemonSet", "test-image-prepull").spec
            .template.spec.initContainers[1];
        expect(prepull.command).to.deep.equal(pod.initContainers[0].command);
        // The script as the init container runs it, against a huggingface_hub that records the call.
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "model-cache-"));
        try {
            const called = (container: any) =>
                runFetch(container, root).calls.map((c) => [c.repo, c.revision]);
            expect(called(pod.initContainers[0])).to.deep.equal([
                ["google/gemma-3-1b-it", "0123abc"],
            ]);
            const unpinned = (await runComponent(deployed())).inputs(DEPLOYMENT, "test-vllm-server")
                .spec.template.spec;
            expect(called(unpinned.initContainers[0])).to.deep.equal([
                ["google/gemma-3-1b-it", null],
            ]);
            expect(unpinned.containers[0].args).to.not.include("--revision");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
        expect(
            findInputProblems("test", deployed({ modelRevision: " " }))[0].propertyPath,
        ).to.equal("server.deploy.modelRevision");
    });

    it("lets Cluster Autoscaler remove a node whose only local storage is the model cache", async () => {
        // A hostPath blocks scale-down unless named here (CA's FAQ; skip-nodes-with-local-storage is on by default).
        const template = (deploy: object) =>
            runComponent(deployed(deploy)).then(
                (plan) => plan.inputs(DEPLOYMENT, "test-vllm-server").spec.template,
            );
        const cached = await template({});
        const hostPathVolumes = cached.spec.volumes
            .filter((v: any) => v.hostPath)
            .map((v: any) => v.name);
        expect(
            cached.metadata.annotations[
                "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes"
            ],
        ).to.equal(hostPathVolumes.join(","));
        expect((await template({ modelCache: false })).metadata).to.not.have.property(
            "annotations",
        );
    });

    it("derives the startup budget from the model's size and the cache; unknown models keep a large one", () => {
        expect(startupBudgetSeconds("google/gemma-3-1b-it", true)).to.equal(300);
        expect(startupBudgetSeconds("meta-llama/Llama-3.1-8B-Instruct", true)).to.equal(540);
        expect(startupBudgetSeconds("meta-llama/Llama-3.1-8B-Instruct", false)).to.equal(1260);
        expect(startupBudgetSeconds("someone/unknown-70b", true)).to.equal(
            UNKNOWN_MODEL_STARTUP_SECONDS,
        );
    });

    it("drains gracefully: out of the endpoints, in-flight requests finished, then SIGTERM", async () => {
        const pod = (await runComponent(deployed({ drainSeconds: 300 }))).inputs(
            DEPLOYMENT,
            "test-vllm-server",
        ).spec.template.spec;
        expect(pod.containers[0].lifecycle).to.deep.equal({
            preStop: { exec: { command: drainCommand(8080, 300) } },
        });
        expect(pod.terminationGracePeriodSeconds).to.equal(gracePeriodSeconds(300));
        const byDefault = (await runComponent(deployed())).inputs(DEPLOYMENT, "test-vllm-server")
            .spec.template.spec;
        expect(
            byDefault.terminationGracePeriodSeconds,
            "Kubernetes' 30 s would cut long generations",
        ).to.equal(160);
    });

    it("keeps the Hugging Face token a secret, in a Secret the fetch reads (vLLM, offline on the cache, gets none)", async () => {
        const plan = await runComponent(deployed());
        const secret = plan.inputs(SECRET, "test-hf-token");
        // The whole stringData is held as a secret: the token is never in plain state.
        expect(isSecret(secret.stringData)).to.equal(true);
        const pod = plan.inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec;
        const token = {
            name: "HF_TOKEN",
            valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "token" } },
        };
        // The init containers that fetch the weights read it from the Secret, never as a value; vLLM
        // reads the cache offline and needs none, so a compromised server has none to leak.
        const cache = [
            { name: "MODEL_CACHE_ROOT", value: "/model-cache" },
            { name: "HF_HUB_CACHE", value: "/model-cache/vllm-example/vllm-gemma-deployment" },
        ];
        expect(pod.containers[0].env).to.deep.equal([
            cache[1],
            { name: "HF_HUB_OFFLINE", value: "1" },
        ]);
        expect(pod.initContainers[0].env).to.deep.equal([
            ...cache,
            token,
            { name: "HF_HUB_DISABLE_XET", value: "1" },
        ]);
        expect(plan.get(DEPLOYMENT, "test-vllm-server").dependsOn).to.include("test-hf-token");
        const prepull = plan.inputs("kubernetes:apps/v1:DaemonSet", "test-image-prepull").spec
            .template.spec;
        expect(prepull.initContainers[1].env).to.deep.equal([
            ...cache,
            token,
            { name: "HF_HUB_DISABLE_XET", value: "1" },
        ]);
        // Without the cache vLLM downloads, so it reads the token itself.
        const uncached = (await runComponent(deployed({ modelCache: false }))).inputs(
            DEPLOYMENT,
            "test-vllm-server",
        ).spec.template.spec;
        expect(uncached.containers[0].env).to.deep.equal([token]);
    });

    it("fetches without hf-xet, whose buffers (about 4 GiB in pods) would overrun the fetch's memory limit", async () => {
        const plan = await runComponent(deployed());
        const fetches = [
            plan.inputs(DEPLOYMENT, "test-vllm-server").spec.template.spec.initContainers[0],
            plan.inputs("kubernetes:apps/v1:DaemonSet", "test-image-prepull").spec.template.spec
                .initContainers[1],
        ];
        for (const fetch of fetches) {
            expect(fetch.name).to.equal("fetch-model");
            expect(fetch.env).to.deep.include({ name: "HF_HUB_DISABLE_XET", value: "1" });
            expect(fetch.resources.limits.memory).to.equal("1Gi");
        }
        // vLLM itself reads from the cache; the switch is the fetch's alone.
        expect(
            plan
                .inputs(DEPLOYMENT, "test-vllm-server")
                .spec.template.spec.containers[0].env.map((e: any) => e.name),
        ).to.not.include("HF_HUB_DISABLE_XET");
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
        expect(metrics.spec.ports[0].port).to.equal(
            d.spec.template.spec.containers[0].ports[0].containerPort,
        );
        const service = plan.inputs(TYPES.service, "test-vllm-server");
        expect(service.spec.type).to.equal("ClusterIP");
        expect(service.spec.ports[0].targetPort).to.equal("http");
    });

    it("creates the server namespace first, and everything in it waits for it", async () => {
        const plan = await runComponent(deployed());
        const inServerNamespace = plan.resources.filter(
            (r) => (r.inputs as any).metadata?.namespace === "vllm-example",
        );
        expect(inServerNamespace.length).to.be.greaterThan(4);
        for (const r of inServerNamespace) {
            expect(r.dependsOn, `${r.type} ${r.name}`).to.include("test-server");
        }
        const monitoring = plan.resources.filter(
            (r) => (r.inputs as any).metadata?.namespace === "test-monitoring",
        );
        expect(monitoring.length).to.be.greaterThan(0);
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
