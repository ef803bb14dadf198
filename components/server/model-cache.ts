/**
 * The node-local model cache: each server's Hugging Face hub cache is a directory of its own on the
 * node's disk, `<MODEL_CACHE_HOST_PATH>/<namespace>/<deploymentName>`, so no model reads or writes
 * another's weights. An init container fetches the weights into it before vLLM starts (a no-op when
 * a pod or the image pre-pull already did; huggingface_hub's file locks let two fetches share the
 * download), so vLLM only loads from local disk, and its startup probe budget can say so. vLLM
 * mounts its directory read-only and runs offline (HF_HUB_OFFLINE): only the fetch writes.
 *
 * Nothing else removes a directory, so the fetch also clears what no model has used for
 * UNUSED_CACHE_DAYS: a model removed, renamed or moved to another namespace. A small container in
 * each pod that uses a directory keeps its marker fresh, so a model in use is never removed.
 *
 * Node-local rather than a shared volume: it needs nothing per cloud (no Filestore, EFS or Azure
 * Files, no RWX storage class) and reads at local-disk speed; a node's first replica downloads once.
 * It is a hostPath volume: a namespace that enforces the Pod Security "baseline" profile refuses
 * it (the server namespace the component creates enforces none); `modelCache: false` turns it off.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PAUSE_RESOURCES } from "../vocabulary/pause";
import { MODEL_FACTS } from "../vocabulary/models";

/** On the node: under /var, which is writable on every cloud's node OS (COS, AL2023, Ubuntu). */
export const MODEL_CACHE_HOST_PATH = "/var/lib/inference-autoscaling/huggingface";
/** In the containers, the same root; each model's directory sits at the same path under it. */
const MOUNT_PATH = "/model-cache";
const VOLUME = "model-cache";

/** Which server a cache directory belongs to: one per Deployment, so per namespace and name. */
export interface CacheOwner {
    readonly namespace: string;
    readonly deploymentName: string;
}

/** The model's directory under the root (a DNS label and a DNS subdomain: no "/", never ".."). */
const subPath = (owner: CacheOwner) => `${owner.namespace}/${owner.deploymentName}`;

/** The model's directory on the node. */
export const modelCacheHostDir = (owner: CacheOwner) =>
    `${MODEL_CACHE_HOST_PATH}/${subPath(owner)}`;

/** The model's directory in its containers: the hub cache (HF_HUB_CACHE) of the fetch and of vLLM. */
const cacheDir = (owner: CacheOwner) => `${MOUNT_PATH}/${subPath(owner)}`;

/**
 * Days a model's directory stays after the last pod that used it: a model scaled to zero (or off
 * a node) for a holiday finds its weights again, while a model removed, renamed or moved gives its
 * disk back within weeks. Pods in use refresh the marker every KEEPALIVE_SECONDS, far inside it.
 */
export const UNUSED_CACHE_DAYS = 14;
const KEEPALIVE_SECONDS = 3600;
/** File in each model's directory whose mtime says when a pod last used it. */
export const CACHE_MARKER = ".last-used";

/** The files vLLM reads from a Hugging Face repository (weights as safetensors, configs, tokenizer). */
const FETCH_PATTERNS = [
    "*.json",
    "*.safetensors",
    "*.model",
    "*.txt",
    "*.tiktoken",
    "*.jinja",
    // A trust_remote_code model's code (configuration_*.py, modeling_*.py): vLLM runs offline, so
    // it must be in the cache (transformers then copies it under HF_HOME, which stays in the container).
    "*.py",
];
/** vLLM loads .bin (then .pt) weights only from a repo without safetensors (DefaultModelLoader): fetched then. */
const FALLBACK_WEIGHT_PATTERNS = ["*.bin", "*.pt"];

/**
 * The fetch, run by python3 with argv the model, then its revision when one is pinned (none: the
 * default branch). First it marks its own directory in use, then removes every other model's
 * directory `<root>/<namespace>/<name>` whose marker is older than UNUSED_CACHE_DAYS, and the
 * shared hub cache of the component before per-model directories (`<root>/hub`, HF_HOME on the
 * root) once nothing has changed in it for as long; a directory `<root>/hub` holding marked model
 * directories is a namespace called "hub", not that cache. It never follows a symlink, never
 * touches a directory without a marker or anything else under the root, and a failed clean-up
 * never fails the fetch. Then it downloads.
 */
const FETCH_SCRIPT = [
    "import glob, os, shutil, stat, sys, time",
    "from huggingface_hub import snapshot_download",
    `root, own, marker, ttl = os.environ["MODEL_CACHE_ROOT"], os.environ["HF_HUB_CACHE"], "${CACHE_MARKER}", ${UNUSED_CACHE_DAYS * 86400}`,
    "os.makedirs(own, exist_ok=True)",
    "open(os.path.join(own, marker), 'a').close()",
    "os.utime(os.path.join(own, marker))",
    "def unused(path, kind):",
    "    try:",
    "        st = os.lstat(path)",
    "    except OSError:",
    "        return None",
    "    return time.time() - st.st_mtime if kind(st.st_mode) else None",
    "def subdirs(path):",
    "    try:",
    "        names = sorted(os.listdir(path))",
    "    except OSError:",
    "        return []",
    "    return [p for p in (os.path.join(path, n) for n in names) if unused(p, stat.S_ISDIR) is not None]",
    "def clean(path, age):",
    "    if age is not None and age > ttl and not os.path.samefile(path, own):",
    "        print(f'removing {path}: unused for {age / 86400:.0f} days', file=sys.stderr, flush=True)",
    "        shutil.rmtree(path, ignore_errors=True)",
    "for ns in subdirs(root):",
    "    try:",
    "        models = [m for m in subdirs(ns) if unused(os.path.join(m, marker), stat.S_ISREG) is not None]",
    "        if os.path.basename(ns) == 'hub' and not models:",
    "            clean(ns, unused(ns, stat.S_ISDIR))",
    "        for m in models:",
    "            clean(m, unused(os.path.join(m, marker), stat.S_ISREG))",
    "    except Exception as e:",
    "        print(f'cache clean-up of {ns} skipped: {e!r}', file=sys.stderr)",
    "revision = sys.argv[2] if len(sys.argv) > 2 else None",
    `folder = snapshot_download(sys.argv[1], revision=revision, allow_patterns=${JSON.stringify(FETCH_PATTERNS)})`,
    "if not glob.glob(os.path.join(folder, '**', '*.safetensors'), recursive=True):",
    `    snapshot_download(sys.argv[1], revision=revision, allow_patterns=${JSON.stringify(FALLBACK_WEIGHT_PATTERNS)})`,
].join("\n");

/** Name of the Secret holding a server's Hugging Face token. */
export const hfTokenSecretName = (deploymentName: string) => `${deploymentName}-hf-token`;

/**
 * The root of every model's cache on the node. The fetch mounts it whole (it cleans other models'
 * directories); vLLM and the keep-alive mount only their own directory as a subPath of it.
 * `DirectoryOrCreate` creates the root on a node's first pod; the fetch creates the model's
 * directory before any container mounts it (the kubelet would create a missing subPath too).
 */
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

/**
 * vLLM's view of the cache: its model's directory only, read-only. A subPath rather than a hostPath
 * of the directory itself: the kubelet resolves a subPath inside its volume without following a
 * symlink out of it (the CVE-2017-1002101 fix), where a hostPath would bind whatever the path
 * points to; and each pod keeps one hostPath volume, which Cluster Autoscaler's annotation names.
 */
export const modelCacheServingMount = (owner: CacheOwner): k8s.types.input.core.v1.VolumeMount => ({
    name: VOLUME,
    mountPath: cacheDir(owner),
    subPath: subPath(owner),
    readOnly: true,
});

/**
 * vLLM's environment with the cache: the hub cache on its model's directory, and offline, since the
 * fetch has put every file there. HF_HUB_CACHE rather than HF_HOME: HF_HOME stays in the container,
 * writable, for what transformers writes at load (remote code under HF_HOME/modules). No token:
 * offline, vLLM needs none, so a compromised server pod has none to leak. Read-only holds for the
 * load: vLLM's download lock goes to the temp directory unless --download-dir is given
 * (vllm/model_executor/model_loader/weight_utils.py, get_lock: `cache_dir or tempfile.gettempdir()`),
 * and offline its snapshot_download and hf_hub_download only read the cache (local_files_only).
 */
export const modelCacheServingEnv = (owner: CacheOwner): k8s.types.input.core.v1.EnvVar[] => [
    { name: "HF_HUB_CACHE", value: cacheDir(owner) },
    { name: "HF_HUB_OFFLINE", value: "1" },
];

/** The token from its Secret, when there is one. */
export function hfTokenEnv(
    tokenSecret: pulumi.Input<string> | undefined,
): k8s.types.input.core.v1.EnvVar[] {
    return tokenSecret
        ? [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: tokenSecret, key: "token" } } }]
        : [];
}

/**
 * vLLM's flags that load files from a Hugging Face repository other than the served model's, or
 * from another cache: with the cache, vLLM runs offline and only the served model is fetched.
 */
export const OFFLINE_UNFETCHED_FLAGS = [
    "--tokenizer",
    "--speculative-config",
    "--lora-modules",
    "--hf-config-path",
    "--download-dir",
];

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

/**
 * The init container that fetches `model` into its directory (python3 and huggingface_hub come with
 * the vLLM image). It mounts the whole root, read-write, to clean what no model uses; HF_HUB_CACHE
 * is its own model's directory (huggingface_hub reads it: constants.py, `HF_HUB_CACHE`).
 */
export function fetchModelContainer(
    image: string,
    model: string,
    revision: string | undefined,
    tokenSecret: pulumi.Input<string> | undefined,
    owner: CacheOwner,
): k8s.types.input.core.v1.Container {
    return {
        name: "fetch-model",
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["python3", "-c", FETCH_SCRIPT, model, ...(revision ? [revision] : [])],
        env: [
            { name: "MODEL_CACHE_ROOT", value: MOUNT_PATH },
            { name: "HF_HUB_CACHE", value: cacheDir(owner) },
            ...hfTokenEnv(tokenSecret),
            ...FETCH_ENV,
        ],
        volumeMounts: [{ name: VOLUME, mountPath: MOUNT_PATH }],
        resources: FETCH_RESOURCES,
    };
}

/**
 * A container that marks its model's directory in use every KEEPALIVE_SECONDS for as long as its pod
 * runs, so another model's fetch never removes the weights of a running server (a vLLM container
 * restarted offline would find nothing) or of a node the pre-pull keeps ready. It mounts its own
 * directory only. The vLLM image is on the node already and has sh, touch and sleep; SIGTERM ends it
 * and its sleep at once (a shell waiting on a foreground sleep would not).
 */
export function cacheKeepAliveContainer(
    image: string,
    owner: CacheOwner,
): k8s.types.input.core.v1.Container {
    return {
        name: "cache-keepalive",
        image,
        imagePullPolicy: "IfNotPresent",
        command: [
            "sh",
            "-c",
            `trap 'kill $! 2>/dev/null; exit 0' TERM; while true; do touch '${cacheDir(owner)}/${CACHE_MARKER}'; sleep ${KEEPALIVE_SECONDS} & wait $!; done`,
        ],
        volumeMounts: [{ name: VOLUME, mountPath: cacheDir(owner), subPath: subPath(owner) }],
        resources: PAUSE_RESOURCES,
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
