/**
 * The model's checks against its platform, on what `resolveModel` resolved (`cfg`). The arguments
 * as given (`given`) serve only rules about what the user set: a metric name the catalog lacks, a
 * value given beside a setting that ignores it, a maximum set rather than defaulted.
 */
import { findWarmCapacityProblems } from "../capacity/config";
import { diskOverrun, diskOverrunReason, type DeployedServer } from "../capacity/disk-fit";
import { type PoolFit, replicasPoolHolds } from "../capacity/replica-fit";
import { checkNodePool } from "../clouds";
import type { ResolvedNodePool } from "../clouds/types";
import { DNS1123_SUBDOMAIN, Problems } from "../problems";
import { findKedaModelProblems } from "../scaling/keda/model-checks";
import { OFFLINE_UNFETCHED_FLAGS } from "../server/model-cache";
import type { PlatformConnection } from "../settings/connection";
import type { ResolvedModel, ResolvedServerDeployment } from "../settings/model";
import { BACKENDS, BACKENDS_TO_ZERO, quotedAlternatives } from "../vocabulary/backends";
import { COLLECTIONS } from "../vocabulary/collections";
import { UNKNOWN_GPU_COUNT } from "../vocabulary/gpu";
import { findMetric, metricsFor } from "../vocabulary/metrics";
import { DEPLOY_DEFAULTS, type ModelSettings } from "./resolve";

/** The smallest target a Kubernetes quantity in milli-units holds (see toQuantity). */
const MIN_TARGET = 0.001;

function checkServer(cfg: ResolvedModel, gpusPerNode: number | undefined, problems: Problems) {
    const server = cfg.server;
    problems.dnsLabel("server.namespace", server.namespace);
    if (server.deploymentName.length > 253 || !DNS1123_SUBDOMAIN.test(server.deploymentName)) {
        problems.add(
            "server.deploymentName",
            `server.deploymentName is ${JSON.stringify(server.deploymentName)}; it must be a DNS-1123 subdomain ` +
                `(lower-case letters, digits, '-' and '.'), at most 253 characters`,
        );
    }
    if (Object.keys(server.podLabels).length === 0) {
        problems.add(
            "server.podLabels",
            "server.podLabels is empty; give the labels of the vLLM pods (the Deployment's spec.selector.matchLabels), " +
                "or the metrics Service would select every pod in the namespace",
        );
    }
    problems.port("server.metricsPort", server.metricsPort);
    if (server.deploy) {
        checkDeploy(cfg.server.engine, server.deploy, gpusPerNode, problems);
    }
    if (!server.metricsPath.startsWith("/")) {
        problems.add(
            "server.metricsPath",
            `server.metricsPath is ${JSON.stringify(server.metricsPath)}; it must start with "/"`,
        );
    }
}

function checkDeploy(
    engine: ResolvedModel["server"]["engine"],
    deploy: ResolvedServerDeployment,
    gpusPerNode: number | undefined,
    problems: Problems,
) {
    if (engine !== "vllm") {
        problems.add(
            "server.deploy",
            `server.deploy is set but server.engine is "${engine}"; the component deploys vLLM only: deploy your ${engine} server yourself and leave server.deploy out`,
        );
    }
    const gpus = deploy.gpusPerPod;
    if (!Number.isInteger(gpus) || gpus < 1) {
        problems.add(
            "server.deploy.gpusPerPod",
            `server.deploy.gpusPerPod is ${gpus}; it must be a whole number of at least 1`,
        );
    } else if (gpusPerNode !== undefined && gpus > gpusPerNode) {
        problems.add(
            "server.deploy.gpusPerPod",
            `server.deploy.gpusPerPod is ${gpus} but nodePool.gpusPerNode is ${gpusPerNode}; a pod cannot use more GPUs than its node has`,
        );
    }
    problems.quantity("server.deploy.cpu", deploy.cpu, DEPLOY_DEFAULTS.cpu);
    problems.quantity("server.deploy.memory", deploy.memory, DEPLOY_DEFAULTS.memory);
    if (deploy.modelRevision !== undefined && deploy.modelRevision.trim() === "") {
        problems.add(
            "server.deploy.modelRevision",
            'server.deploy.modelRevision is ""; give a commit hash, tag or branch of the model, or leave it out',
        );
    }
    if (deploy.model.trim() === "") {
        problems.add(
            "server.deploy.model",
            'server.deploy.model is ""; give a Hugging Face model id such as "google/gemma-3-1b-it"',
        );
    }
    if (!(Number.isInteger(deploy.drainSeconds) && deploy.drainSeconds >= 0)) {
        problems.add(
            "server.deploy.drainSeconds",
            `server.deploy.drainSeconds is ${deploy.drainSeconds}; it must be a whole number of 0 or more`,
        );
    }
    const startup = deploy.startupTimeoutSeconds;
    if (!(Number.isInteger(startup) && startup >= 60)) {
        problems.add(
            "server.deploy.startupTimeoutSeconds",
            `server.deploy.startupTimeoutSeconds is ${startup}; it must be a whole number of at least 60 (model download and load)`,
        );
    }
}

/** Why a GPU metric cannot be served, as the platform's arguments would have to change. */
function noGpuMetricsReason(platform: PlatformConnection): { path: string; reason: string } {
    const { path, advice } = COLLECTIONS[platform.collection].gpuMetrics;
    return { path, reason: `a GPU metric is in autoscaling.metrics but ${advice}` };
}

function checkReplicas(cfg: ResolvedModel, problems: Problems): void {
    const { minReplicas: min, maxReplicas: max } = cfg.autoscaling;
    const backend = cfg.platform.backend;
    if (!Number.isInteger(min) || min < 0) {
        problems.add(
            "autoscaling.minReplicas",
            `autoscaling.minReplicas is ${min}; it must be a whole number of at least 0`,
        );
    } else if (min === 0 && !BACKENDS[backend].scalesToZero) {
        problems.add(
            "autoscaling.minReplicas",
            `autoscaling.minReplicas is 0 but backend is "${backend}"; an HPA cannot scale to zero: ` +
                `use backend ${quotedAlternatives(BACKENDS_TO_ZERO)} for scale to zero, or a minimum of at least 1`,
        );
    } else if (min === 0 && cfg.keda.activationQuery === undefined) {
        problems.add(
            "keda.activationQuery",
            "keda.activationQuery is not set but autoscaling.minReplicas is 0; vLLM reports no metrics while no pod runs, " +
                "so give a query that sees requests arriving (e.g. your ingress's request rate) to wake it",
        );
    }
    if (!Number.isInteger(max) || max < Math.max(min, 1)) {
        problems.add(
            "autoscaling.maxReplicas",
            `autoscaling.maxReplicas is ${max}; it must be a whole number of at least 1 and at least minReplicas (${min})`,
        );
    }
}

/** Each metric the user listed: in the catalog, reported by the engine, listed once, a sane target. */
function checkMetrics(cfg: ResolvedModel, given: ModelSettings, problems: Problems): void {
    const listed = given.autoscaling?.metrics;
    if (listed === undefined) {
        return;
    }
    const engine = cfg.server.engine;
    const allowed = metricsFor(engine).map((m) => m.name);
    if (listed.length === 0) {
        problems.add(
            "autoscaling.metrics",
            `autoscaling.metrics is empty; list at least one of: ${allowed.join(", ")}`,
        );
    }
    const seen = new Set<string>();
    listed.forEach((m, i) => {
        const path = `autoscaling.metrics[${i}]`;
        const metric = findMetric(m.name);
        if (!metric) {
            problems.add(
                `${path}.name`,
                `${path}.name is ${JSON.stringify(m.name)}; it must be one of: ${allowed.join(", ")}`,
            );
            return;
        }
        if (!allowed.includes(metric.name)) {
            problems.add(
                `${path}.name`,
                `${path}.name is ${JSON.stringify(m.name)}, a ${metric.source} metric, but server.engine is "${engine}", whose pods do not report it; ` +
                    `use one of: ${allowed.join(", ")}`,
            );
            return;
        }
        if (seen.has(m.name)) {
            problems.add(
                `${path}.name`,
                `${path}.name ${JSON.stringify(m.name)} is listed twice; list each metric once`,
            );
        }
        seen.add(m.name);
        if (m.target === undefined) {
            return;
        }
        if (!(Number.isFinite(m.target) && m.target > 0)) {
            problems.add(
                `${path}.target`,
                `${path}.target is ${m.target}; it must be a number greater than 0`,
            );
        } else if (m.target < MIN_TARGET) {
            // Targets are written as milli-units ("500m"): a smaller one would be rounded to 0.
            problems.add(
                `${path}.target`,
                `${path}.target is ${m.target}; it must be at least ${MIN_TARGET} (${m.name} is in ${metric.unit})`,
            );
        } else if (metric.unit === "percent" && (m.target > 100 || m.target < 1)) {
            problems.add(
                `${path}.target`,
                `${path}.target is ${m.target}; ${m.name} is a percentage, so it must be from 1 to 100`,
            );
        } else if (metric.unit === "ratio" && m.target > 1) {
            problems.add(
                `${path}.target`,
                `${path}.target is ${m.target}; ${m.name} is a fraction, so it must be above 0 and at most 1`,
            );
        }
    });
    if (usesGpuMetrics(cfg) && !cfg.platform.gpuMetrics) {
        const { path, reason } = noGpuMetricsReason(cfg.platform);
        problems.add(path, reason);
    }
}

function checkKedaTimings(keda: ResolvedModel["keda"], problems: Problems): void {
    if (!(keda.activationThreshold >= 0)) {
        problems.add(
            "keda.activationThreshold",
            `keda.activationThreshold is ${keda.activationThreshold}; it must be 0 or more`,
        );
    }
    if (!(Number.isInteger(keda.cooldownPeriodSeconds) && keda.cooldownPeriodSeconds >= 0)) {
        problems.add(
            "keda.cooldownPeriodSeconds",
            `keda.cooldownPeriodSeconds is ${keda.cooldownPeriodSeconds}; it must be a whole number of 0 or more`,
        );
    }
    if (!(Number.isInteger(keda.pollingIntervalSeconds) && keda.pollingIntervalSeconds >= 1)) {
        problems.add(
            "keda.pollingIntervalSeconds",
            `keda.pollingIntervalSeconds is ${keda.pollingIntervalSeconds}; it must be a whole number of at least 1`,
        );
    }
}

/** True when any of the model's metrics comes from the DCGM exporter. */
export function usesGpuMetrics(cfg: Pick<ResolvedModel, "autoscaling">): boolean {
    return cfg.autoscaling.metrics.some((m) => m.metric.source === "dcgm");
}

/**
 * The figures for a message when the model's maxReplicas is more than `pool` can hold at its
 * largest; undefined when it fits, or when the counts are not whole numbers (other checks name those).
 */
function poolOverrun(cfg: ResolvedModel, pool: ResolvedNodePool): PoolFit | undefined {
    const max = cfg.autoscaling.maxReplicas;
    const gpusPerPod = cfg.server.deploy ? cfg.server.deploy.gpusPerPod : UNKNOWN_GPU_COUNT;
    if (!(Number.isInteger(max) && Number.isInteger(gpusPerPod) && gpusPerPod >= 1)) {
        return undefined;
    }
    const fit = replicasPoolHolds(pool, gpusPerPod);
    return fit.holds > 0 && max > fit.holds ? fit : undefined;
}

/** The server the model deploys, as a node's disk sees it; none when it scales a server it does not deploy. */
export function deployedServerOf(cfg: Pick<ResolvedModel, "server">): DeployedServer[] {
    const deploy = cfg.server.deploy;
    return deploy ? [{ model: deploy.model, image: deploy.image }] : [];
}

/**
 * A model's own pool is the only place its pods run: a maxReplicas set beyond it can never be met
 * (left at the default beyond it, a warning: modelWarnings), and a disk its image and weights do
 * not fit fills up on every node (on the platform's pool, a warning: modelWarnings).
 */
function checkOwnPoolFit(
    cfg: ResolvedModel,
    pool: ResolvedNodePool,
    maxSet: boolean,
    problems: Problems,
) {
    const over = poolOverrun(cfg, pool);
    if (over && maxSet) {
        problems.add(
            "autoscaling.maxReplicas",
            `autoscaling.maxReplicas is ${cfg.autoscaling.maxReplicas} but the model's own pool holds at most ${over.holds} replicas (${over.how}) ` +
                `and its pods run nowhere else: lower maxReplicas to ${over.holds} or raise nodePool.maxNodes`,
        );
    }
    const disk = diskOverrun(pool, deployedServerOf(cfg));
    if (disk) {
        problems.add(
            "nodePool.diskSizeGb",
            diskOverrunReason(disk, "the model's server image and weights"),
        );
    }
}

/** The pool the model's pods run on: its own when it asks for one, else the platform's (if known). */
function poolOf(
    cfg: ResolvedModel,
    given: Pick<ModelSettings, "nodePool">,
    platformPool: ResolvedNodePool | undefined,
): ResolvedNodePool | undefined {
    return given.nodePool ? cfg.nodePool : platformPool;
}

/**
 * The model's checks against its platform. `platformPool` is the platform's GPU pool, when it
 * makes one: a pod on it cannot need more GPUs than its nodes have.
 */
export function findModelProblems(
    cfg: ResolvedModel,
    given: ModelSettings,
    problems: Problems,
    platformPool?: ResolvedNodePool,
): void {
    checkServer(cfg, poolOf(cfg, given, platformPool)?.gpusPerNode, problems);
    checkReplicas(cfg, problems);
    checkMetrics(cfg, given, problems);
    checkKedaTimings(cfg.keda, problems);
    findKedaModelProblems(cfg, given.keda, problems);
    if (given.nodePool) {
        checkNodePool(cfg.platform.cloud, cfg.nodePool, given.nodePool, "nodePool", problems);
    }
    if (cfg.nodePool) {
        checkOwnPoolFit(cfg, cfg.nodePool, given.autoscaling?.maxReplicas !== undefined, problems);
    }
    findWarmCapacityProblems(
        cfg.warmCapacity,
        "warmCapacity",
        cfg.nodePool,
        given.nodePool !== undefined,
        problems,
    );
}

/**
 * Advice on settings that are valid but will likely fail at run time, given once by the component.
 * A gated model without a token is a warning, not an error: the token may come later
 * (`pulumi config set --secret`), and the offline render runs without secrets.
 */
export function modelWarnings(
    cfg: ResolvedModel,
    given: Pick<ModelSettings, "autoscaling" | "nodePool">,
    platformPool?: ResolvedNodePool,
): string[] {
    const warnings: string[] = [];
    const deploy = cfg.server.deploy;
    if (deploy && /^google\/gemma/i.test(deploy.model) && deploy.huggingFaceToken === undefined) {
        warnings.push(
            `server.deploy.model ${deploy.model} is gated on Hugging Face and server.deploy.huggingFaceToken is not set: the pods will fail to download it. Give the token as a secret (in a stack: pulumi config set --secret huggingFaceToken <token>) or deploy a model that is not gated`,
        );
    }
    // On the platform's pool other GPU nodes with its labels may take the rest: a warning, not an
    // error; on the model's own pool a maxReplicas set beyond it is an error (checkOwnPoolFit).
    const maxSet = given.autoscaling?.maxReplicas !== undefined;
    const pool = poolOf(cfg, given, platformPool);
    const over = pool && poolOverrun(cfg, pool);
    if (over && !(cfg.nodePool && maxSet)) {
        const said = maxSet ? "is" : "defaults to";
        const max = cfg.autoscaling.maxReplicas;
        warnings.push(
            cfg.nodePool
                ? `autoscaling.maxReplicas ${said} ${max} but the model's own pool holds at most ${over.holds} replicas (${over.how}): ` +
                      `set maxReplicas to ${over.holds} or raise nodePool.maxNodes`
                : `autoscaling.maxReplicas ${said} ${max} but the platform's GPU pool holds at most ${over.holds} replicas (${over.how}): ` +
                      "the rest stay Pending unless other GPU nodes carry the pool's labels",
        );
    }
    // On the platform's pool a warning, as maxReplicas above; on the model's own, an error (checkOwnPoolFit).
    const disk = !cfg.nodePool && platformPool && diskOverrun(platformPool, deployedServerOf(cfg));
    if (disk) {
        warnings.push(
            diskOverrunReason(
                disk,
                "the model's server image and weights on the platform's GPU pool",
            ),
        );
    }
    const offline = deploy?.modelCache && unfetchedFlags(deploy.extraArgs);
    if (offline && offline.length > 0) {
        warnings.push(
            `server.deploy.extraArgs has ${offline.join(", ")} but with server.deploy.modelCache vLLM runs offline (HF_HUB_OFFLINE=1) ` +
                "and only the served model's repository is fetched: a Hugging Face repository named there fails to load. Set modelCache to false for it",
        );
    }
    return warnings;
}

/** The flags in `args` that make vLLM load from a repository the fetch does not fetch. */
function unfetchedFlags(args: readonly string[]): string[] {
    return OFFLINE_UNFETCHED_FLAGS.filter((flag) =>
        args.some((a) => a === flag || a.startsWith(`${flag}=`)),
    );
}
