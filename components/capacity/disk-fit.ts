/**
 * Whether a GPU node's boot disk holds what the component puts on it: the server image and the
 * weights of the models that run there (the node-local model cache keeps them, server/model-cache.ts;
 * without it vLLM downloads them into its container, on the same disk). A full disk is not a quota
 * the scheduler sees: the kubelet evicts pods and taints the node with DiskPressure instead.
 */
import { MIN_DISK_SIZE_GB } from "../clouds/node-pools";
import type { ResolvedNodePool } from "../clouds/types";
import { MODEL_FACTS } from "../vocabulary/models";

/** Bytes of a GiB: each cloud sizes boot disks (`diskSizeGb`) in GiB. */
const GIB = 2 ** 30;

/**
 * The server image on a node's disk, assumed for any image (the component does not inspect them):
 * vllm/vllm-openai pulls about 12.6 GB compressed (vllm-project/vllm#27154, October 2025, the month
 * of v0.11.0, the default image) and unpacks to 28.6 GB (vllm-project/vllm#22377, December 2025).
 * containerd keeps the compressed layers beside the unpacked ones unless `discard_unpacked_layers`
 * is set, which defaults to false, so both count.
 */
const SERVER_IMAGE_DISK_BYTES = 41e9;

/**
 * A GPU node's own use of its boot disk: the OS, the other images (driver installer, device plugin,
 * DCGM exporter, CNI, the cloud's agents) and logs. An assumption, not a measurement.
 */
const NODE_SYSTEM_BYTES = 20 * GIB;

/**
 * The share of the disk the image, the weights and the system may fill. The kubelet's defaults:
 * image garbage collection runs above 85 % and frees down to 80 % (imageGCHighThresholdPercent,
 * imageGCLowThresholdPercent), and hard eviction starts below 15 % free on the image filesystem
 * (imagefs.available, the same disk on every cloud's default node). Planning to 80 % leaves the
 * last fifth for container logs, writable layers and emptyDirs before pods are evicted.
 */
const DISK_FILL = 0.8;

/** A server the component deploys on a pool: its model (by Hugging Face id) and its image. */
export interface DeployedServer {
    readonly model: string;
    readonly image: string;
}

/** How a pool's disk compares with what its servers put on each node, for messages. */
export interface DiskFit {
    readonly diskSizeGb: number;
    /** Bytes of the images and the weights the component knows (MODEL_FACTS). */
    readonly needs: number;
    /** Bytes the disk holds for them, after the node's system and the kubelet's margin. */
    readonly holds: number;
    /** The smallest `diskSizeGb` that holds them. */
    readonly minDiskSizeGb: number;
    /** What is counted, in words. */
    readonly how: string;
}

/** `bytes` as decimal GB with one decimal, as Hugging Face and registries state sizes. */
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * What `servers` need of each node of `pool`: every known model's weights (one copy each) and each
 * distinct image once. Undefined when no model's size is known, or when `diskSizeGb` is not a valid
 * size (the pool's own check names it).
 */
function diskFit(
    { diskSizeGb }: Pick<ResolvedNodePool, "diskSizeGb">,
    servers: readonly DeployedServer[],
): DiskFit | undefined {
    const known = servers.filter((s) => MODEL_FACTS[s.model] !== undefined);
    if (known.length === 0 || !(Number.isInteger(diskSizeGb) && diskSizeGb >= MIN_DISK_SIZE_GB)) {
        return undefined;
    }
    const images = new Set(servers.map((s) => s.image)).size;
    const weights = known.map((s) => ({ model: s.model, bytes: MODEL_FACTS[s.model].weightBytes }));
    const needs = weights.reduce((sum, w) => sum + w.bytes, 0) + images * SERVER_IMAGE_DISK_BYTES;
    const holds = diskSizeGb * GIB * DISK_FILL - NODE_SYSTEM_BYTES;
    return {
        diskSizeGb,
        needs,
        holds,
        minDiskSizeGb: Math.ceil((needs + NODE_SYSTEM_BYTES) / DISK_FILL / GIB),
        how:
            `${weights.map((w) => `${w.model} ${gb(w.bytes)}`).join(", ")}, ` +
            `${images} server image(s) of about ${gb(SERVER_IMAGE_DISK_BYTES)} each; ` +
            `${diskSizeGb} GiB holds ${gb(holds)} once ` +
            `${gb(NODE_SYSTEM_BYTES)} for the node's own system and the kubelet's ${Math.round((1 - DISK_FILL) * 100)} % margin are kept`,
    };
}

/** The pool's disk does not hold `servers`: the figures for a message; undefined when it does. */
export function diskOverrun(
    pool: Pick<ResolvedNodePool, "diskSizeGb">,
    servers: readonly DeployedServer[],
): DiskFit | undefined {
    const fit = diskFit(pool, servers);
    return fit && fit.needs > fit.holds ? fit : undefined;
}

/** The message for an overrun, naming the field, the numbers and what to set. */
export function diskOverrunReason(fit: DiskFit, whose: string): string {
    return (
        `nodePool.diskSizeGb is ${fit.diskSizeGb} but ${whose} need about ${gb(fit.needs)} of each node's disk ` +
        `(${fit.how}): raise nodePool.diskSizeGb to at least ${fit.minDiskSizeGb}, or the nodes fill up and the kubelet evicts pods`
    );
}
