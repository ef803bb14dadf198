/**
 * What node pools share across the clouds that make them: checks against the accelerator table,
 * and defaults. Each cloud module uses these with its own cloud.
 */
import type { GpuNodePoolArgs } from "../args";
import type { Problems } from "../problems";
import { ACCELERATORS } from "../vocabulary/accelerators";
import { acceleratorsOn, machinesFor, pickMachine } from "./machines";
import type { Cloud } from "../vocabulary/choices";
import { GPU_PRESENT_LABEL } from "../vocabulary/gpu";
import type { PoolReplacementKey, ResolvedNodePool } from "./types";

type PoolCloud = Exclude<Cloud, "generic">;

function isWholeNumber(value: number, min: number): boolean {
    return Number.isInteger(value) && value >= min;
}

/** The smallest boot disk a pool may ask for, in GB. */
export const MIN_DISK_SIZE_GB = 50;

/**
 * A pool on `cloud`, as resolved: an accelerator the cloud has, a GPU count and machine that fit,
 * sane bounds. `given` is the pool as written, for the machine type the user named.
 */
export function validatePoolOn(
    cloud: PoolCloud,
    pool: ResolvedNodePool,
    given: GpuNodePoolArgs,
    path: string,
    problems: Problems,
): void {
    const offered = acceleratorsOn(cloud);
    if (!ACCELERATORS.includes(pool.accelerator) || !offered.includes(pool.accelerator)) {
        problems.add(
            `${path}.accelerator`,
            `${path}.accelerator is ${JSON.stringify(pool.accelerator)}; ${cloud} offers: ${offered.join(", ")}`,
        );
    } else {
        const gpus = pool.gpusPerNode;
        const candidates = machinesFor(cloud, pool.accelerator);
        const named = given.machineType;
        const machine = named && candidates.find((m) => m.machineType === named);
        if (named !== undefined && !machine) {
            problems.add(
                `${path}.machineType`,
                `${path}.machineType is ${JSON.stringify(named)}; ${pool.accelerator} on ${cloud} comes on: ` +
                    candidates.map((m) => m.machineType).join(", "),
            );
        } else if (machine && !machine.gpus.includes(gpus)) {
            problems.add(
                `${path}.gpusPerNode`,
                `${path}.gpusPerNode is ${gpus}; ${machine.machineType} holds ${machine.gpus.join(" or ")} ${pool.accelerator}`,
            );
        } else if (!machine && !candidates.some((m) => m.gpus.includes(gpus))) {
            const counts = [...new Set(candidates.flatMap((m) => m.gpus))].sort((a, b) => a - b);
            problems.add(
                `${path}.gpusPerNode`,
                `${path}.gpusPerNode is ${gpus}; ${cloud} machines hold ${counts.join(", ")} ${pool.accelerator} per node`,
            );
        }
    }
    const { minNodes: min, maxNodes: max } = pool;
    if (!isWholeNumber(min, 0)) {
        problems.add(
            `${path}.minNodes`,
            `${path}.minNodes is ${min}; it must be a whole number of at least 0`,
        );
    }
    if (!isWholeNumber(max, 1) || max < min) {
        problems.add(
            `${path}.maxNodes`,
            `${path}.maxNodes is ${max}; it must be a whole number of at least 1 and at least minNodes (${min})`,
        );
    }
    if (!isWholeNumber(pool.diskSizeGb, MIN_DISK_SIZE_GB)) {
        problems.add(
            `${path}.diskSizeGb`,
            `${path}.diskSizeGb is ${pool.diskSizeGb}; it must be a whole number of at least ${MIN_DISK_SIZE_GB}`,
        );
    }
}

/** A node pool's defaults. */
export const DEFAULT_POOL = {
    gpusPerNode: 1,
    minNodes: 1,
    maxNodes: 3,
    diskSizeGb: 200,
    spot: false,
} as const;

/** Label on every pool's nodes naming its accelerator (what a model's server can select). */
export const ACCELERATOR_LABEL = "inference-autoscaling/accelerator";

/**
 * The pool with defaults applied and its machine picked (none when no machine fits: validation
 * says so); `extraLabels` go on its nodes too.
 */
export function resolvePoolOn(
    cloud: PoolCloud,
    pool: GpuNodePoolArgs,
    names: { resourceName: string; cloudName: (replacedBy: PoolReplacementKey) => string },
    extraLabels: Record<string, string> = {},
): ResolvedNodePool {
    const gpusPerNode = pool.gpusPerNode ?? DEFAULT_POOL.gpusPerNode;
    const machine = pickMachine(cloud, pool.accelerator, gpusPerNode, pool.machineType);
    const diskSizeGb = pool.diskSizeGb ?? DEFAULT_POOL.diskSizeGb;
    const spot = pool.spot ?? DEFAULT_POOL.spot;
    return {
        resourceName: names.resourceName,
        cloudName: names.cloudName({
            machineType: machine?.machineType ?? pool.machineType ?? "",
            diskSizeGb,
            spot,
        }),
        accelerator: pool.accelerator,
        gpusPerNode,
        machine,
        minNodes: pool.minNodes ?? DEFAULT_POOL.minNodes,
        maxNodes: pool.maxNodes ?? DEFAULT_POOL.maxNodes,
        diskSizeGb,
        spot,
        labels: {
            [GPU_PRESENT_LABEL]: "true",
            [ACCELERATOR_LABEL]: pool.accelerator,
            ...extraLabels,
        },
    };
}

/** The machine type a pool is made of. Validation refuses a pool no machine fits, so none here is a bug. */
export function poolMachineType(pool: ResolvedNodePool): string {
    if (!pool.machine) {
        throw new Error(
            `no machine holds ${pool.gpusPerNode} ${pool.accelerator}; validation refuses it`,
        );
    }
    return pool.machine.machineType;
}

/**
 * Checks that the cluster block has the fields a cloud needs, naming each missing one.
 * `why` says what needs them.
 */
export function requireClusterFields(
    cloud: PoolCloud,
    value: object | undefined,
    fields: readonly string[],
    why: string,
    problems: Problems,
): void {
    const block = (value ?? {}) as Record<string, unknown>;
    for (const field of fields) {
        const v = block[field];
        if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
            problems.add(
                `${cloud}.${field}`,
                `${cloud}.${field} is not set; it is required on ${cloud}: ${why}`,
            );
        }
    }
}
