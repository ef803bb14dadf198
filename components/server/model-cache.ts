/**
 * The node-local model cache: the Hugging Face cache of every server pod (and of the image
 * pre-pull DaemonSet, which fetches the weights onto each GPU node ahead of need) is one directory
 * on the node's disk. An init container fetches the weights into it before vLLM starts (a no-op
 * when a pod or the pre-pull already did; huggingface_hub's file locks let two fetches share the
 * download), so vLLM only loads from local disk, and its startup probe budget can say so.
 *
 * Node-local rather than a shared volume: it needs nothing per cloud (no Filestore, EFS or Azure
 * Files, no RWX storage class) and reads at local-disk speed; a node's first replica downloads once.
 * It is a hostPath volume: a namespace that enforces the Pod Security "baseline" profile refuses
 * it (the server namespace the component creates enforces none); `modelCache: false` turns it off.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { MODEL_FACTS } from "../vocabulary/models";

/** On the node: under /var, which is writable on every cloud's node OS (COS, AL2023, Ubuntu). */
export const MODEL_CACHE_HOST_PATH = "/var/lib/inference-autoscaling/huggingface";
/** In the containers; HF_HOME points here, so vLLM and the fetch use the same cache layout. */
const MOUNT_PATH = "/hf-cache";
const VOLUME = "model-cache";

/** The files vLLM reads from a Hugging Face repository (weights as safetensors, configs, tokenizer). */
const FETCH_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.txt", "*.tiktoken", "*.jinja"];
/** argv: the model, then its revision when one is pinned (none: the default branch). */
const FETCH_SCRIPT = `import sys\nfrom huggingface_hub import snapshot_download\nsnapshot_download(sys.argv[1], revision=(sys.argv[2] if len(sys.argv) > 2 else None), allow_patterns=${JSON.stringify(FETCH_PATTERNS)})`;

/** Name of the Secret holding a server's Hugging Face token. */
export const hfTokenSecretName = (deploymentName: string) => `${deploymentName}-hf-token`;

export const modelCacheVolume = (): k8s.types.input.core.v1.Volume => ({
    name: VOLUME,
    hostPath: { path: MODEL_CACHE_HOST_PATH, type: "DirectoryOrCreate" },
});

/**
 * Pod annotations that let Cluster Autoscaler remove a node whose only local storage is the cache:
 * a hostPath blocks scale-down otherwise (skip-nodes-with-local-storage defaults to true), keeping
 * a multi-GPU node with one server left. The cache is reproducible: a new pod fetches it again.
 */
export const modelCacheAnnotations = (): Record<string, string> => ({
    "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": VOLUME,
});

export const modelCacheMount = (): k8s.types.input.core.v1.VolumeMount => ({
    name: VOLUME,
    mountPath: MOUNT_PATH,
});

/** HF_HOME on the cache, and the token from its Secret when there is one. */
export function hfEnv(
    tokenSecret: pulumi.Input<string> | undefined,
    cache: boolean,
): k8s.types.input.core.v1.EnvVar[] {
    return [
        ...(cache ? [{ name: "HF_HOME", value: MOUNT_PATH }] : []),
        ...(tokenSecret
            ? [
                  {
                      name: "HF_TOKEN",
                      valueFrom: { secretKeyRef: { name: tokenSecret, key: "token" } },
                  },
              ]
            : []),
    ];
}

/**
 * The fetch's memory. huggingface_hub uses hf-xet for Xet-backed repositories when it is installed
 * (its default on x86_64), whose reconstruction buffers take a 2 GB floor plus 512 MB per file up to
 * 8 GB (xet-core reconstruction.rs, as quoted in unsloth-zoo#972), about 4 GiB measured in pods
 * (huggingface_hub#3300, kserve#4726): a 1 GiB limit would OOM-kill the fetch on every start. So
 * the fetch turns hf-xet off (`HF_HUB_DISABLE_XET`, huggingface_hub >= 0.34; the vLLM v0.11.0 image
 * has >= 0.34 through transformers >= 4.55.2) and downloads over plain HTTPS, which streams each
 * file to disk in chunks: Python, huggingface_hub and requests stay well under 1 GiB.
 */
const FETCH_ENV = [{ name: "HF_HUB_DISABLE_XET", value: "1" }];
const FETCH_RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } };

/** The init container that fetches `model` into the cache (python3 and huggingface_hub come with the vLLM image). */
export function fetchModelContainer(
    image: string,
    model: string,
    revision: string | undefined,
    tokenSecret: pulumi.Input<string> | undefined,
): k8s.types.input.core.v1.Container {
    return {
        name: "fetch-model",
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["python3", "-c", FETCH_SCRIPT, model, ...(revision ? [revision] : [])],
        env: [...hfEnv(tokenSecret, true), ...FETCH_ENV],
        volumeMounts: [modelCacheMount()],
        resources: FETCH_RESOURCES,
    };
}

/**
 * Assumptions behind the startup budget: vLLM's engine start (compilation and CUDA graph capture)
 * takes at most 3 minutes; weights read from local disk at 100 MB/s or more, and download from
 * the Hub at 25 MB/s or more; half as much again for safety.
 */
const ENGINE_START_SECONDS = 180;
const LOCAL_READ_BYTES_PER_SECOND = 100e6;
const DOWNLOAD_BYTES_PER_SECOND = 25e6;
const SAFETY = 1.5;
const MIN_STARTUP_SECONDS = 300;
/** For a model whose size the component does not know: room for a large download. */
export const UNKNOWN_MODEL_STARTUP_SECONDS = 1200;

/**
 * How long the startup probe waits for vLLM: with the cache the weights are on local disk before
 * vLLM starts (the init container fetched them), so only reading them counts; without it, vLLM
 * downloads them itself under the probe.
 */
export function startupBudgetSeconds(model: string, cache: boolean): number {
    const facts = MODEL_FACTS[model];
    if (!facts) {
        return UNKNOWN_MODEL_STARTUP_SECONDS;
    }
    const transfer =
        facts.weightBytes / (cache ? LOCAL_READ_BYTES_PER_SECOND : DOWNLOAD_BYTES_PER_SECOND);
    return Math.max(
        MIN_STARTUP_SECONDS,
        Math.ceil((SAFETY * (ENGINE_START_SECONDS + transfer)) / 60) * 60,
    );
}
