/**
 * The node-local model cache (review B4): one directory per model, `<root>/<namespace>/<name>`,
 * written only by the fetch, read-only and offline in vLLM, kept while any pod uses it and cleared
 * by the fetch once no model has used it for UNUSED_CACHE_DAYS; and each pool's disk checked
 * against the image and the weights it has to hold.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    findModelInputProblems,
    InferencePlatform,
    InferencePlatformArgs,
    ModelAutoscaler,
    VllmServerArgs,
} from "../../../components";
import {
    CACHE_MARKER,
    MODEL_CACHE_HOST_PATH,
    modelCacheHostDir,
    UNUSED_CACHE_DAYS,
} from "../../../components/server/model-cache";
import { findInputProblems, inputWarnings } from "../../../components/validation";
import { sharedPoolWarnings } from "../../../program/stack-config";
import { baseArgs, Plan, runComponent, runProgram } from "../../mocks";
import { runFetch } from "../../support/fetch-script";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
const EKS: InferencePlatformArgs = {
    cloud: "eks",
    eks: { clusterName: "c", subnetIds: ["subnet-1"] },
    nodePool: { accelerator: "nvidia-l4", maxNodes: 4 },
};
const server = (
    namespace: string,
    deploymentName: string,
    deploy: object = {},
): VllmServerArgs => ({
    namespace,
    deploymentName,
    podLabels: { app: deploymentName },
    metricsPort: 8000,
    deploy: { model: "Qwen/Qwen3-0.6B", ...deploy },
});

/** InferenceAutoscaling's server in `namespace`, with a token. */
const stackServer = (namespace: string, deploy: object = {}): VllmServerArgs =>
    server(namespace, "vllm", { huggingFaceToken: pulumi.secret("t"), ...deploy });

/** A platform on EKS and three models: two namespaces, and two names in one of them. */
function threeModels(): Promise<Plan> {
    return runProgram(() => {
        const platform = new InferencePlatform("gpu", EKS);
        return [
            new ModelAutoscaler("a", {
                platform: platform.connection,
                server: server("team-a", "vllm"),
            }),
            new ModelAutoscaler("b", {
                platform: platform.connection,
                server: server("team-b", "vllm"),
            }),
            new ModelAutoscaler("c", {
                platform: platform.connection,
                server: server("team-a", "chat"),
            }),
        ].map((m) => m.hpaName as pulumi.Output<unknown>);
    });
}

const podOf = (plan: Plan, type: string, name: string) =>
    plan.inputs(type, name).spec.template.spec;
const env = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
/** The model's directory on the node, from what a pod asks for: its root volume and its subPath. */
const hostDirOf = (pod: any, mount: any) =>
    `${pod.volumes.find((v: any) => v.name === mount.name).hostPath.path}/${mount.subPath}`;
const DAY = 86400;

describe("node-local model cache (review B4)", () => {
    describe("in the rendered pods", () => {
        it("gives each model its own directory: two namespaces, or two names in one, never share one", async () => {
            const plan = await threeModels();
            const dirs = ["a", "b", "c"].map((m) => {
                const pod = podOf(plan, DEPLOYMENT, `${m}-vllm-server`);
                const mount = pod.containers[0].volumeMounts.find((v: any) => v.subPath);
                return hostDirOf(pod, mount);
            });
            expect(dirs).to.deep.equal([
                `${MODEL_CACHE_HOST_PATH}/team-a/vllm`,
                `${MODEL_CACHE_HOST_PATH}/team-b/vllm`,
                `${MODEL_CACHE_HOST_PATH}/team-a/chat`,
            ]);
            expect(dirs[0]).to.equal(
                modelCacheHostDir({ namespace: "team-a", deploymentName: "vllm" }),
            );
            // The fetch, in the server pod and in the pre-pull, fills that directory: its hub cache.
            for (const m of ["a", "b", "c"]) {
                const pod = podOf(plan, DEPLOYMENT, `${m}-vllm-server`);
                const vllm = pod.containers[0];
                const mount = vllm.volumeMounts.find((v: any) => v.subPath);
                for (const fetch of [
                    pod.initContainers[0],
                    podOf(plan, DAEMON_SET, `${m}-image-prepull`).initContainers[1],
                ]) {
                    expect(env(fetch).HF_HUB_CACHE, m).to.equal(mount.mountPath);
                }
                expect(env(vllm).HF_HUB_CACHE, m).to.equal(mount.mountPath);
            }
        });

        it("mounts only the model's directory in vLLM, read-only, and runs vLLM offline without the token", async () => {
            const pod = podOf(await threeModels(), DEPLOYMENT, "a-vllm-server");
            const vllm = pod.containers[0];
            expect(vllm.volumeMounts.filter((m: any) => m.name === "model-cache")).to.deep.equal([
                {
                    name: "model-cache",
                    mountPath: "/model-cache/team-a/vllm",
                    subPath: "team-a/vllm",
                    readOnly: true,
                },
            ]);
            expect(env(vllm)).to.deep.equal({
                HF_HUB_CACHE: "/model-cache/team-a/vllm",
                HF_HUB_OFFLINE: "1",
            });
            // HF_HOME is left to the container (writable: transformers puts remote code under it).
            expect(env(vllm)).to.not.have.property("HF_HOME");
        });

        it("mounts the whole root read-write in the fetch, whose hub cache is the model's directory", async () => {
            const plan = await threeModels();
            for (const pod of [
                podOf(plan, DEPLOYMENT, "b-vllm-server"),
                podOf(plan, DAEMON_SET, "b-image-prepull"),
            ]) {
                const fetch = pod.initContainers.find((c: any) => c.name === "fetch-model");
                expect(fetch.volumeMounts).to.deep.equal([
                    { name: "model-cache", mountPath: "/model-cache" },
                ]);
                expect(env(fetch)).to.include({
                    MODEL_CACHE_ROOT: "/model-cache",
                    HF_HUB_CACHE: "/model-cache/team-b/vllm",
                });
                expect(pod.volumes.filter((v: any) => v.hostPath)).to.deep.equal([
                    {
                        name: "model-cache",
                        hostPath: { path: MODEL_CACHE_HOST_PATH, type: "DirectoryOrCreate" },
                    },
                ]);
            }
        });

        it("keeps the directory marked in use by a container in the server pod and in the pre-pull", async () => {
            const plan = await threeModels();
            const serverPod = podOf(plan, DEPLOYMENT, "c-vllm-server");
            const prepull = podOf(plan, DAEMON_SET, "c-image-prepull");
            const keepAlive = serverPod.containers.find((c: any) => c.name === "cache-keepalive");
            expect(prepull.containers).to.deep.equal([keepAlive]);
            expect(keepAlive.volumeMounts).to.deep.equal([
                {
                    name: "model-cache",
                    mountPath: "/model-cache/team-a/chat",
                    subPath: "team-a/chat",
                },
            ]);
            expect(keepAlive.command.join(" ")).to.include(
                `/model-cache/team-a/chat/${CACHE_MARKER}`,
            );
            expect(keepAlive.resources.limits).to.not.have.property("nvidia.com/gpu");
            // Without the cache the pre-pull keeps its pause container and the server has no keep-alive.
            const uncached = await runComponent(
                baseArgs({ ...EKS, server: stackServer("vllm-example", { modelCache: false }) }),
            );
            expect(
                podOf(uncached, DAEMON_SET, "test-image-prepull").containers.map(
                    (c: any) => c.image,
                ),
            ).to.deep.equal(["registry.k8s.io/pause:3.10"]);
            expect(
                podOf(uncached, DEPLOYMENT, "test-vllm-server").containers.map((c: any) => c.name),
            ).to.deep.equal(["vllm"]);
        });

        it("the keep-alive touches its marker, and SIGTERM ends it at once", async function () {
            this.timeout(20_000);
            const plan = await runComponent(
                baseArgs({ ...EKS, server: stackServer("vllm-example") }),
            );
            const keepAlive = podOf(plan, DEPLOYMENT, "test-vllm-server").containers[1];
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "keepalive-"));
            try {
                const dir = keepAlive.volumeMounts[0].mountPath as string;
                fs.mkdirSync(path.join(root, dir), { recursive: true });
                const marker = path.join(root, dir, CACHE_MARKER);
                fs.writeFileSync(marker, "");
                const old = new Date(Date.now() - 30 * DAY * 1000);
                fs.utimesSync(marker, old, old);
                const script = (keepAlive.command[2] as string)
                    .split(dir)
                    .join(path.join(root, dir));
                const child = spawn(keepAlive.command[0], [keepAlive.command[1], script], {
                    stdio: "ignore",
                });
                const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
                const deadline = Date.now() + 10_000;
                while (fs.statSync(marker).mtimeMs < Date.now() - DAY * 1000) {
                    expect(Date.now(), "the marker is touched").to.be.below(deadline);
                    await new Promise((r) => setTimeout(r, 50));
                }
                const killed = Date.now();
                child.kill("SIGTERM");
                expect(await exited).to.equal(0);
                expect(Date.now() - killed, "ms to stop").to.be.below(2000);
            } finally {
                fs.rmSync(root, { recursive: true, force: true });
            }
        });
    });

    describe("the fetch script, run with python3 on a temporary root", () => {
        let root: string;
        let outside: string;
        const ago = (p: string, days: number) => {
            const t = new Date(Date.now() - days * DAY * 1000);
            fs.utimesSync(p, t, t);
        };
        /** A model's directory under the root, with its marker last touched `days` ago. */
        const modelDir = (rel: string, days: number) => {
            const dir = path.join(root, rel);
            fs.mkdirSync(path.join(dir, "models--org--m", "blobs"), { recursive: true });
            fs.writeFileSync(path.join(dir, "models--org--m", "blobs", "weights"), "w");
            fs.writeFileSync(path.join(dir, CACHE_MARKER), "");
            ago(path.join(dir, CACHE_MARKER), days);
            return dir;
        };
        const fetchOf = async (namespace: string, deploymentName: string) =>
            podOf(
                await runComponent(baseArgs({ ...EKS, server: server(namespace, deploymentName) })),
                DEPLOYMENT,
                "test-vllm-server",
            ).initContainers[0];

        beforeEach(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "model-cache-root-"));
            outside = fs.mkdtempSync(path.join(os.tmpdir(), "model-cache-outside-"));
        });
        afterEach(() => {
            fs.rmSync(root, { recursive: true, force: true });
            fs.rmSync(outside, { recursive: true, force: true });
        });

        it("marks its own directory, removes siblings unused for the TTL and nothing else, then fetches", async () => {
            const ttl = UNUSED_CACHE_DAYS;
            const own = modelDir("team-a/vllm", ttl + 30);
            const stale = modelDir("team-b/old", ttl + 1);
            const staleSameNamespace = modelDir("team-a/gone", ttl + 5);
            const fresh = modelDir("team-b/fresh", ttl - 1);
            // Not the cache's: no marker, a file, a symlink out of the root, a legacy module cache.
            const unmarked = path.join(root, "team-b", "no-marker");
            fs.mkdirSync(unmarked, { recursive: true });
            ago(unmarked, ttl + 100);
            fs.writeFileSync(path.join(root, "notes.txt"), "x");
            ago(path.join(root, "notes.txt"), ttl + 100);
            fs.mkdirSync(path.join(root, "modules", "transformers_modules"), { recursive: true });
            ago(path.join(root, "modules"), ttl + 100);
            const elsewhere = path.join(outside, "ns", "m");
            fs.mkdirSync(elsewhere, { recursive: true });
            fs.writeFileSync(path.join(elsewhere, CACHE_MARKER), "");
            ago(path.join(elsewhere, CACHE_MARKER), ttl + 100);
            fs.symlinkSync(path.join(outside, "ns"), path.join(root, "linked"));
            fs.symlinkSync(elsewhere, path.join(root, "team-b", "linked-model"));

            const { calls, stderr } = runFetch(await fetchOf("team-a", "vllm"), root);

            expect(fs.existsSync(stale), "stale sibling").to.equal(false);
            expect(fs.existsSync(staleSameNamespace), "stale sibling in its namespace").to.equal(
                false,
            );
            expect(
                fs.existsSync(path.join(fresh, "models--org--m", "blobs", "weights")),
                "fresh",
            ).to.equal(true);
            expect(
                fs.existsSync(path.join(own, "models--org--m", "blobs", "weights")),
                "own",
            ).to.equal(true);
            expect(Date.now() - fs.statSync(path.join(own, CACHE_MARKER)).mtimeMs).to.be.below(
                60_000,
            );
            for (const kept of [
                unmarked,
                path.join(root, "notes.txt"),
                path.join(root, "modules", "transformers_modules"),
            ]) {
                expect(fs.existsSync(kept), kept).to.equal(true);
            }
            expect(
                fs.existsSync(path.join(elsewhere, CACHE_MARKER)),
                "never follows a symlink",
            ).to.equal(true);
            expect(
                fs.lstatSync(path.join(root, "team-b", "linked-model")).isSymbolicLink(),
            ).to.equal(true);
            expect(stderr).to.include(`removing ${stale}`);
            // Then the download, into its own directory.
            expect(calls.map((c) => [c.repo, c.cache])).to.deep.equal([
                ["Qwen/Qwen3-0.6B", "/model-cache/team-a/vllm"],
            ]);
            expect(calls[0].patterns).to.include("*.py");
        });

        it("makes its directory on a node's first fetch", async () => {
            const { calls } = runFetch(await fetchOf("team-c", "new"), root);
            expect(fs.statSync(path.join(root, "team-c", "new", CACHE_MARKER)).isFile()).to.equal(
                true,
            );
            expect(calls).to.have.length(1);
        });

        it("removes the shared cache of before per-model directories (<root>/hub) only when stale", async () => {
            const legacy = path.join(root, "hub", "models--org--old", "blobs");
            fs.mkdirSync(legacy, { recursive: true });
            fs.mkdirSync(path.join(root, "hub", ".locks"));
            ago(path.join(root, "hub"), UNUSED_CACHE_DAYS - 1);
            const fetch = await fetchOf("team-a", "vllm");
            runFetch(fetch, root);
            expect(fs.existsSync(legacy), "recently used").to.equal(true);
            ago(path.join(root, "hub"), UNUSED_CACHE_DAYS + 1);
            runFetch(fetch, root);
            expect(fs.existsSync(path.join(root, "hub")), "stale").to.equal(false);
        });

        it("takes <root>/hub holding marked model directories for a namespace called hub, not the old cache", async () => {
            const inHub = modelDir("hub/vllm", 1);
            ago(path.join(root, "hub"), UNUSED_CACHE_DAYS + 30);
            runFetch(await fetchOf("team-a", "vllm"), root);
            expect(fs.existsSync(path.join(inHub, "models--org--m"))).to.equal(true);
        });

        it("fetches .bin or .pt weights only from a repository without safetensors, as vLLM loads them", async () => {
            const fetch = await fetchOf("team-a", "vllm");
            const safetensors = runFetch(fetch, root).calls;
            expect(safetensors).to.have.length(1);
            expect(safetensors[0].patterns).to.include("*.safetensors").and.not.include("*.bin");
            fs.rmSync(path.join(root, "team-a"), { recursive: true });
            const binOnly = runFetch(fetch, root, ["config.json", "pytorch_model.bin"]).calls;
            expect(binOnly.map((c) => c.patterns)).to.deep.equal([
                safetensors[0].patterns,
                ["*.bin", "*.pt"],
            ]);
            const snapshot = path.join(
                root,
                "team-a",
                "vllm",
                "models--Qwen--Qwen3-0.6B",
                "snapshots",
                "main",
            );
            expect(fs.readdirSync(snapshot).sort()).to.deep.equal([
                "config.json",
                "pytorch_model.bin",
            ]);
        });
    });

    describe("the disk each pool needs", () => {
        it("refuses a model's own pool whose disk does not hold the image and the weights, naming the numbers", async () => {
            await runProgram(() => {
                const platform = new InferencePlatform("gpu", EKS);
                const problems = (diskSizeGb: number, model = "meta-llama/Llama-3.1-8B-Instruct") =>
                    findModelInputProblems("llama", {
                        platform: platform.connection,
                        server: server("team-a", "vllm", { model }),
                        nodePool: { accelerator: "nvidia-l4", diskSizeGb },
                    });
                expect(problems(50)).to.deep.equal([
                    {
                        propertyPath: "nodePool.diskSizeGb",
                        reason:
                            "nodePool.diskSizeGb is 50 but the model's server image and weights need about 57.1 GB of each node's disk " +
                            "(meta-llama/Llama-3.1-8B-Instruct 16.1 GB, 1 server image(s) of about 41.0 GB each; 50 GiB holds 21.5 GB " +
                            "once 21.5 GB for the node's own system and the kubelet's 20 % margin are kept): raise nodePool.diskSizeGb " +
                            "to at least 92, or the nodes fill up and the kubelet evicts pods",
                    },
                ]);
                expect(problems(92)).to.deep.equal([]);
                // A model the component does not know: its size is not known either.
                expect(problems(50, "someone/unknown-70b")).to.deep.equal([]);
                return [];
            });
        });

        it("warns, without refusing, when the platform's pool is too small for the model on it", () => {
            const args = (diskSizeGb: number) =>
                baseArgs({
                    ...EKS,
                    nodePool: { accelerator: "nvidia-l4", maxNodes: 5, diskSizeGb },
                    server: server("vllm-example", "vllm", {
                        huggingFaceToken: pulumi.secret("t"),
                    }),
                });
            expect(findInputProblems("test", args(50))).to.deep.equal([]);
            expect(inputWarnings(args(50))).to.deep.equal([
                "nodePool.diskSizeGb is 50 but the model's server image and weights on the platform's GPU pool need about 42.2 GB " +
                    "of each node's disk (Qwen/Qwen3-0.6B 1.2 GB, 1 server image(s) of about 41.0 GB each; 50 GiB holds 21.5 GB once " +
                    "21.5 GB for the node's own system and the kubelet's 20 % margin are kept): raise nodePool.diskSizeGb to at least 75, " +
                    "or the nodes fill up and the kubelet evicts pods",
            ]);
            expect(inputWarnings(args(75))).to.deep.equal([]);
        });

        it("warns in the stack when the models sharing the platform's pool outgrow its disk together", () => {
            const llama = (namespace: string) =>
                server(namespace, "vllm", { model: "meta-llama/Llama-3.1-8B-Instruct" });
            const args = {
                ...EKS,
                server: llama("team-a"),
                nodePool: { accelerator: "nvidia-l4" as const, diskSizeGb: 100 },
            };
            const models = [
                { name: "b", server: llama("team-b") },
                {
                    name: "own",
                    server: llama("team-c"),
                    nodePool: { accelerator: "nvidia-l4" as const },
                },
                { name: "bring", server: { ...llama("team-d"), deploy: undefined } },
            ];
            expect(sharedPoolWarnings(args, models)).to.deep.equal([
                "nodePool.diskSizeGb is 100 but the 2 models on the platform's GPU pool (the stack's own model, models[0]), " +
                    "which a node may hold all at once (each image pre-pull fetches its model onto every node), need about 73.1 GB " +
                    "of each node's disk (meta-llama/Llama-3.1-8B-Instruct 16.1 GB, meta-llama/Llama-3.1-8B-Instruct 16.1 GB, " +
                    "1 server image(s) of about 41.0 GB each; 100 GiB holds 64.4 GB once 21.5 GB for the node's own system and " +
                    "the kubelet's 20 % margin are kept): raise nodePool.diskSizeGb to at least 111, or the nodes fill up and the kubelet evicts pods",
            ]);
            // Each alone fits; one model on the pool is the component's own check; a larger disk holds both.
            expect(sharedPoolWarnings(args, [])).to.deep.equal([]);
            expect(
                sharedPoolWarnings(
                    { ...args, nodePool: { ...args.nodePool, diskSizeGb: 111 } },
                    models,
                ),
            ).to.deep.equal([]);
        });

        it("warns that vLLM, offline on the cache, cannot load another repository named in extraArgs", () => {
            const warned = (deploy: object) =>
                inputWarnings(baseArgs({ server: server("a", "vllm", deploy) })).filter((w) =>
                    w.includes("offline"),
                );
            expect(
                warned({ extraArgs: ["--tokenizer", "org/tok", "--speculative-config={}"] }),
            ).to.deep.equal([
                "server.deploy.extraArgs has --tokenizer, --speculative-config but with server.deploy.modelCache vLLM runs offline " +
                    "(HF_HUB_OFFLINE=1) and only the served model's repository is fetched: a Hugging Face repository named there " +
                    "fails to load. Set modelCache to false for it",
            ]);
            expect(warned({ extraArgs: ["--tokenizer-mode", "auto"] })).to.deep.equal([]);
            expect(
                warned({ extraArgs: ["--tokenizer", "org/tok"], modelCache: false }),
            ).to.deep.equal([]);
        });
    });
});
