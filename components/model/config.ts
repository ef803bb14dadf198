/**
 * One model's settings: every default applied once (`resolveModel`), and the checks of the model's
 * own arguments against its platform (`findModelProblems`), on arguments whose shape was checked.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AutoscalingArgs, GpuNodePoolArgs, KedaModelArgs, VllmServerArgs } from "../args";
import { cloudModule } from "../clouds";
import { resolvePoolOn } from "../clouds/node-pools";
import type { ResolvedNodePool } from "../clouds/types";
import type { PlatformConnection, PlatformFacts } from "../platform/connection";
import { DNS1123_SUBDOMAIN, Problems } from "../problems";
import {
    RolloutStrategy,
    type Cloud,
    type KedaFallbackBehavior,
    type ServerEngine,
} from "../vocabulary/choices";
import {
    ENGINE_DEFAULT_METRIC,
    findMetric,
    getMetric,
    MetricDefinition,
    MetricName,
    metricsFor,
} from "../vocabulary/metrics";
import { findWarmCapacityProblems, warmCapacityOf } from "../capacity/config";
import { PoolFit, replicasPoolHolds } from "../capacity/replica-fit";
import { findKedaModelProblems } from "../scaling/keda/model-checks";
import { DeployedServer, diskOverrun, diskOverrunReason } from "../capacity/disk-fit";
import { OFFLINE_UNFETCHED_FLAGS, startupBudgetSeconds } from "../server/model-cache";
import { BACKENDS, BACKENDS_TO_ZERO, quotedAlternatives } from "../vocabulary/backends";

/** What defines one model, whichever component carries it. */
export interface ModelSettings {
    server: VllmServerArgs;
    autoscaling?: AutoscalingArgs;
    keda?: KedaModelArgs;
    nodePool?: GpuNodePoolArgs;
    warmCapacity?: number;
    alerts?: boolean;
}

/** The model `server.deploy` serves unless told otherwise: the seeds' model. */
export const DEFAULT_MODEL = "google/gemma-3-1b-it";

/** The vLLM image `server.deploy` runs unless told otherwise. */
const DEFAULT_IMAGE = "vllm/vllm-openai:v0.11.0";

/** Replicas the autoscaler may add up to, unless set. */
const DEFAULT_MAX_REPLICAS = 5;

/** The deployed vLLM pod's CPU request and memory request and limit, unless set (args.ts says why). */
const DEPLOY_DEFAULTS = { cpu: "2", memory: "10Gi" } as const;

/** The smallest target a Kubernetes quantity in milli-units holds (see toQuantity). */
const MIN_TARGET = 0.001;

/** The metrics a model scales on unless told otherwise: its server's running batch. */
function metricArgsOf(
    settings: Pick<ModelSettings, "server" | "autoscaling">,
): { name: MetricName; target?: number }[] {
    return (
        settings.autoscaling?.metrics ?? [
            { name: ENGINE_DEFAULT_METRIC[settings.server.engine ?? "vllm"] },
        ]
    );
}

/** Default HPA behaviour, after GKE's guidance: react at once to load, give capacity back slowly. */
export const DEFAULT_BEHAVIOR: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior = {
    scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
            { type: "Percent", value: 100, periodSeconds: 60 },
            { type: "Pods", value: 2, periodSeconds: 60 },
        ],
    },
    scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Min",
        policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
    },
};

/** The vLLM server to deploy, with defaults applied. */
export interface ResolvedServerDeployment {
    readonly model: string;
    readonly modelRevision?: string;
    readonly image: string;
    readonly gpusPerPod: number;
    readonly huggingFaceToken?: pulumi.Input<string>;
    readonly extraArgs: string[];
    readonly cpu: string;
    readonly memory: string;
    readonly startupTimeoutSeconds: number;
    readonly drainSeconds: number;
    readonly strategy: RolloutStrategy;
    readonly createNamespace: boolean;
    readonly prePullImage: boolean;
    readonly modelCache: boolean;
}

/** A metric the HPA scales on, with its catalog entry and the target to hold. */
export interface ResolvedMetric {
    readonly metric: MetricDefinition;
    readonly target: number;
}

/** Every setting a model's builders need, with defaults applied. */
export interface ResolvedModel {
    readonly name: string;
    readonly platform: PlatformConnection;
    readonly server: {
        readonly namespace: string;
        readonly deploymentName: string;
        readonly podLabels: Record<string, string>;
        readonly metricsPort: number;
        readonly metricsPath: string;
        readonly podDisruptionBudget: boolean;
        /** The inference server the pods run: which catalog metrics they report. */
        readonly engine: ServerEngine;
        readonly deploy?: ResolvedServerDeployment;
    };
    readonly keda: {
        readonly activationQuery?: string;
        readonly activationThreshold: number;
        readonly cooldownPeriodSeconds: number;
        readonly pollingIntervalSeconds: number;
        /** KEDA's fallback on failing triggers. */
        readonly fallback: {
            readonly enabled: boolean;
            readonly failureThreshold: number;
            readonly replicas: number;
            readonly behavior: KedaFallbackBehavior;
        };
        /** One formula over the triggers instead of the largest proposal, when asked for. */
        readonly scalingModifiers?: {
            readonly formula: string;
            readonly target: number;
            readonly activationTarget: number;
        };
    };
    readonly autoscaling: {
        readonly minReplicas: number;
        readonly maxReplicas: number;
        readonly metrics: readonly ResolvedMetric[];
        readonly behavior: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;
    };
    /** The model's own GPU node pool, when it asks for one. */
    readonly nodePool?: ResolvedNodePool;
    /** Alert rules on the model's scaling loop. */
    readonly alerts: boolean;
    /** GPUs of headroom on the model's own pool (0: none). */
    readonly warmCapacity: number;
    /** Where the model's server runs: the platform's GPU nodes, or its own pool's. */
    readonly gpuNodeSelector: Record<string, string>;
    readonly gpuTolerations: k8s.types.input.core.v1.Toleration[];
}

/** Label on a model's own pool, naming the model: its server selects it. */
export const MODEL_POOL_LABEL = "inference-autoscaling/model";

/** Applies every model default in one place. Expects settings that passed `findModelProblems`. */
export function resolveModel(
    name: string,
    settings: ModelSettings,
    platform: PlatformConnection,
): ResolvedModel {
    const { server, autoscaling, keda } = settings;
    const cloud = cloudModule(platform.cloud);
    const nodePool =
        settings.nodePool &&
        resolvePoolOn(
            platform.cloud as Exclude<Cloud, "generic">,
            settings.nodePool,
            {
                resourceName: `${name}-gpu`,
                cloudName: (replacedBy) =>
                    cloud.cloudPoolName(name, platform.cluster, false, replacedBy),
            },
            { [MODEL_POOL_LABEL]: name },
        );
    return {
        name,
        platform,
        server: {
            namespace: server.namespace,
            deploymentName: server.deploymentName,
            podLabels: server.podLabels,
            metricsPort: server.metricsPort ?? 8000,
            metricsPath: server.metricsPath ?? "/metrics",
            podDisruptionBudget: server.podDisruptionBudget ?? true,
            engine: server.engine ?? "vllm",
            deploy: server.deploy && {
                model: server.deploy.model ?? DEFAULT_MODEL,
                modelRevision: server.deploy.modelRevision,
                image: server.deploy.image ?? DEFAULT_IMAGE,
                gpusPerPod: server.deploy.gpusPerPod ?? 1,
                huggingFaceToken: server.deploy.huggingFaceToken,
                extraArgs: server.deploy.extraArgs ?? [],
                cpu: server.deploy.cpu ?? DEPLOY_DEFAULTS.cpu,
                // Fits the smallest GPU machines (16 GB, ~12-14 GiB allocatable after system reservations).
                memory: server.deploy.memory ?? DEPLOY_DEFAULTS.memory,
                startupTimeoutSeconds:
                    server.deploy.startupTimeoutSeconds ??
                    startupBudgetSeconds(
                        server.deploy.model ?? DEFAULT_MODEL,
                        server.deploy.modelCache ?? true,
                    ),
                drainSeconds: server.deploy.drainSeconds ?? 120,
                // Cannot deadlock on a full GPU pool (args.ts says what each costs).
                strategy: server.deploy.strategy ?? RolloutStrategy.Replace,
                createNamespace: server.deploy.createNamespace ?? true,
                prePullImage: server.deploy.prePullImage ?? true,
                modelCache: server.deploy.modelCache ?? true,
            },
        },
        keda: {
            activationQuery: keda?.activationQuery,
            activationThreshold: keda?.activationThreshold ?? 0,
            cooldownPeriodSeconds: keda?.cooldownPeriodSeconds ?? 300,
            pollingIntervalSeconds: keda?.pollingIntervalSeconds ?? 15,
            fallback: {
                enabled: keda?.fallback?.enabled ?? true,
                failureThreshold: keda?.fallback?.failureThreshold ?? 3,
                // Never below one replica: falling back to zero would leave traffic unserved.
                replicas: keda?.fallback?.replicas ?? Math.max(1, autoscaling?.minReplicas ?? 1),
                behavior: keda?.fallback?.behavior ?? "currentReplicasIfHigher",
            },
            scalingModifiers: keda?.scalingModifiers && {
                formula: keda.scalingModifiers.formula,
                target: keda.scalingModifiers.target ?? 1,
                activationTarget: keda.scalingModifiers.activationTarget ?? 0,
            },
        },
        autoscaling: {
            minReplicas: autoscaling?.minReplicas ?? 1,
            maxReplicas: autoscaling?.maxReplicas ?? DEFAULT_MAX_REPLICAS,
            metrics: metricArgsOf(settings).map((m) => {
                const metric = getMetric(m.name);
                return { metric, target: m.target ?? metric.defaultTarget };
            }),
            behavior: autoscaling?.behavior ?? DEFAULT_BEHAVIOR,
        },
        nodePool,
        alerts: settings.alerts ?? platform.alerts,
        warmCapacity: warmCapacityOf(settings),
        // Its own pool's nodes, by the cloud's GPU label and the model's; else the platform's GPU nodes.
        gpuNodeSelector: nodePool
            ? { ...cloud.gpuNodeSelector(nodePool), [MODEL_POOL_LABEL]: name }
            : { ...platform.gpuNodeSelector },
        gpuTolerations: [
            ...platform.gpuTolerations,
            ...(nodePool ? cloud.extraTolerations(settings.nodePool) : []),
        ],
    };
}

/** True when any of the model's metrics comes from the DCGM exporter. */
export function usesGpuMetrics(settings: Pick<ModelSettings, "autoscaling">): boolean {
    return (settings.autoscaling?.metrics ?? []).some((m) => findMetric(m.name)?.source === "dcgm");
}

function validateServer(
    settings: ModelSettings,
    gpusPerNode: number | undefined,
    problems: Problems,
): void {
    const server = settings.server;
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
    if (server.deploy && (server.engine ?? "vllm") !== "vllm") {
        problems.add(
            "server.deploy",
            `server.deploy is set but server.engine is "${server.engine}"; the component deploys vLLM only: deploy your ${server.engine} server yourself and leave server.deploy out`,
        );
    }
    const deploy = server.deploy;
    if (deploy) {
        const gpus = deploy.gpusPerPod ?? 1;
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
        if (deploy.model !== undefined && deploy.model.trim() === "") {
            problems.add(
                "server.deploy.model",
                'server.deploy.model is ""; give a Hugging Face model id such as "google/gemma-3-1b-it"',
            );
        }
        if (
            deploy.drainSeconds !== undefined &&
            !(Number.isInteger(deploy.drainSeconds) && deploy.drainSeconds >= 0)
        ) {
            problems.add(
                "server.deploy.drainSeconds",
                `server.deploy.drainSeconds is ${deploy.drainSeconds}; it must be a whole number of 0 or more`,
            );
        }
        const startup = deploy.startupTimeoutSeconds;
        if (startup !== undefined && !(Number.isInteger(startup) && startup >= 60)) {
            problems.add(
                "server.deploy.startupTimeoutSeconds",
                `server.deploy.startupTimeoutSeconds is ${startup}; it must be a whole number of at least 60 (model download and load)`,
            );
        }
    }
    if (server.metricsPath !== undefined && !server.metricsPath.startsWith("/")) {
        problems.add(
            "server.metricsPath",
            `server.metricsPath is ${JSON.stringify(server.metricsPath)}; it must start with "/"`,
        );
    }
}

/** Why a GPU metric cannot be served, as the platform's arguments would have to change. */
function noGpuMetricsReason(platform: PlatformFacts): { path: string; reason: string } {
    return platform.collection === "self-managed"
        ? {
              path: "dcgmExporter",
              reason:
                  "a GPU metric is in autoscaling.metrics but dcgmExporter.install is false and dcgmExporter.existing is not set; " +
                  "install the exporter or describe the one you run",
          }
        : {
              path: "gpuMetrics",
              reason: "a GPU metric is in autoscaling.metrics but the platform's gpuMetrics is false; set it to true to scrape GKE's DCGM exporter",
          };
}

function validateAutoscaling(
    settings: ModelSettings,
    platform: PlatformFacts,
    problems: Problems,
): void {
    const a = settings.autoscaling ?? {};
    const min = a.minReplicas ?? 1;
    const max = a.maxReplicas ?? DEFAULT_MAX_REPLICAS;
    const toZero = BACKENDS[platform.backend].scalesToZero;
    if (!Number.isInteger(min) || min < 0) {
        problems.add(
            "autoscaling.minReplicas",
            `autoscaling.minReplicas is ${min}; it must be a whole number of at least 0`,
        );
    } else if (min === 0 && !toZero) {
        problems.add(
            "autoscaling.minReplicas",
            `autoscaling.minReplicas is 0 but backend is "${platform.backend}"; an HPA cannot scale to zero: ` +
                `use backend ${quotedAlternatives(BACKENDS_TO_ZERO)} for scale to zero, or a minimum of at least 1`,
        );
    } else if (min === 0 && settings.keda?.activationQuery === undefined) {
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
    if (a.metrics === undefined) {
        return;
    }
    const engine = settings.server.engine ?? "vllm";
    const allowed = metricsFor(engine).map((m) => m.name);
    if (a.metrics.length === 0) {
        problems.add(
            "autoscaling.metrics",
            `autoscaling.metrics is empty; list at least one of: ${allowed.join(", ")}`,
        );
    }
    const seen = new Set<string>();
    a.metrics.forEach((m, i) => {
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
    if (usesGpuMetrics(settings) && !platform.gpuMetrics) {
        const { path, reason } = noGpuMetricsReason(platform);
        problems.add(path, reason);
    }
}

function validateKeda(keda: KedaModelArgs, problems: Problems): void {
    if (keda.activationThreshold !== undefined && !(keda.activationThreshold >= 0)) {
        problems.add(
            "keda.activationThreshold",
            `keda.activationThreshold is ${keda.activationThreshold}; it must be 0 or more`,
        );
    }
    if (
        keda.cooldownPeriodSeconds !== undefined &&
        !(Number.isInteger(keda.cooldownPeriodSeconds) && keda.cooldownPeriodSeconds >= 0)
    ) {
        problems.add(
            "keda.cooldownPeriodSeconds",
            `keda.cooldownPeriodSeconds is ${keda.cooldownPeriodSeconds}; it must be a whole number of 0 or more`,
        );
    }
    if (
        keda.pollingIntervalSeconds !== undefined &&
        !(Number.isInteger(keda.pollingIntervalSeconds) && keda.pollingIntervalSeconds >= 1)
    ) {
        problems.add(
            "keda.pollingIntervalSeconds",
            `keda.pollingIntervalSeconds is ${keda.pollingIntervalSeconds}; it must be a whole number of at least 1`,
        );
    }
}

/**
 * The figures for a message when the model's maxReplicas (set, or the default) is more than `pool`
 * can hold at its largest; undefined when it fits, or when the counts are not whole numbers (other
 * checks name those).
 */
function poolOverrun(
    settings: Pick<ModelSettings, "server" | "autoscaling">,
    pool: GpuNodePoolArgs,
): (PoolFit & { max: number; set: boolean }) | undefined {
    const max = settings.autoscaling?.maxReplicas ?? DEFAULT_MAX_REPLICAS;
    const gpusPerPod = settings.server.deploy?.gpusPerPod ?? 1;
    if (!(Number.isInteger(max) && Number.isInteger(gpusPerPod) && gpusPerPod >= 1)) {
        return undefined;
    }
    const fit = replicasPoolHolds(pool, gpusPerPod);
    return fit.holds > 0 && max > fit.holds
        ? { ...fit, max, set: settings.autoscaling?.maxReplicas !== undefined }
        : undefined;
}

/** The server the model deploys, as a node's disk sees it; none when it scales a server it does not deploy. */
export function deployedServerOf(settings: Pick<ModelSettings, "server">): DeployedServer[] {
    const deploy = settings.server.deploy;
    return deploy
        ? [{ model: deploy.model ?? DEFAULT_MODEL, image: deploy.image ?? DEFAULT_IMAGE }]
        : [];
}

/**
 * A model's own pool is the only place its pods run: a maxReplicas set beyond it can never be met
 * (left at the default beyond it, a warning: modelWarnings), and a disk its image and weights do
 * not fit fills up on every node (on the platform's pool, a warning: modelWarnings).
 */
function validateOwnPoolFit(settings: ModelSettings, pool: GpuNodePoolArgs, problems: Problems) {
    const over = poolOverrun(settings, pool);
    if (over?.set) {
        problems.add(
            "autoscaling.maxReplicas",
            `autoscaling.maxReplicas is ${over.max} but the model's own pool holds at most ${over.holds} replicas (${over.how}) ` +
                `and its pods run nowhere else: lower maxReplicas to ${over.holds} or raise nodePool.maxNodes`,
        );
    }
    const disk = diskOverrun(pool, deployedServerOf(settings));
    if (disk) {
        problems.add(
            "nodePool.diskSizeGb",
            diskOverrunReason(disk, "the model's server image and weights"),
        );
    }
}

/**
 * The model's own checks against its platform, on settings of a sound shape. `platformGpusPerNode`
 * is the GPU count of the platform's pool, when it makes one (a pod cannot need more).
 */
export function findModelProblems(
    settings: ModelSettings,
    platform: PlatformFacts,
    problems: Problems,
    platformGpusPerNode?: number,
): void {
    const gpusPerNode = settings.nodePool
        ? (settings.nodePool.gpusPerNode ?? 1)
        : platformGpusPerNode;
    validateServer(settings, gpusPerNode, problems);
    validateAutoscaling(settings, platform, problems);
    validateKeda(settings.keda ?? {}, problems);
    const scaled = metricArgsOf(settings).map((m) => m.name);
    findKedaModelProblems(
        settings.keda ?? {},
        settings.autoscaling ?? {},
        scaled,
        platform,
        problems,
    );
    if (settings.nodePool) {
        cloudModule(platform.cloud).validateNodePool(settings.nodePool, "nodePool", problems);
        validateOwnPoolFit(settings, settings.nodePool, problems);
    }
    findWarmCapacityProblems(
        settings.warmCapacity,
        "warmCapacity",
        settings.nodePool,
        settings.nodePool !== undefined,
        problems,
    );
}

/**
 * Advice on settings that are valid but will likely fail at run time, given once by the component.
 * A gated model without a token is a warning, not an error: the token may come later
 * (`pulumi config set --secret`), and the offline render runs without secrets.
 */
export function modelWarnings(
    settings: Pick<ModelSettings, "server" | "autoscaling" | "nodePool">,
    platformPool?: GpuNodePoolArgs,
): string[] {
    const warnings: string[] = [];
    const deploy = settings.server.deploy;
    const model = deploy && (deploy.model ?? DEFAULT_MODEL);
    if (deploy && model && /^google\/gemma/i.test(model) && deploy.huggingFaceToken === undefined) {
        warnings.push(
            `server.deploy.model ${model} is gated on Hugging Face and server.deploy.huggingFaceToken is not set: the pods will fail to download it. Give the token as a secret (in a stack: pulumi config set --secret huggingFaceToken <token>) or deploy a model that is not gated`,
        );
    }
    // On the platform's pool other GPU nodes with its labels may take the rest: a warning, not an
    // error; on the model's own pool a maxReplicas set beyond it is an error (validateOwnPoolFit).
    const pool = settings.nodePool ?? platformPool;
    const over = pool && poolOverrun(settings, pool);
    if (over && !(settings.nodePool && over.set)) {
        const said = over.set ? "is" : "defaults to";
        warnings.push(
            settings.nodePool
                ? `autoscaling.maxReplicas ${said} ${over.max} but the model's own pool holds at most ${over.holds} replicas (${over.how}): ` +
                      `set maxReplicas to ${over.holds} or raise nodePool.maxNodes`
                : `autoscaling.maxReplicas ${said} ${over.max} but the platform's GPU pool holds at most ${over.holds} replicas (${over.how}): ` +
                      "the rest stay Pending unless other GPU nodes carry the pool's labels",
        );
    }
    // On the platform's pool a warning, as maxReplicas above; on the model's own, an error (validateOwnPoolFit).
    const disk =
        !settings.nodePool && platformPool && diskOverrun(platformPool, deployedServerOf(settings));
    if (disk) {
        warnings.push(
            diskOverrunReason(
                disk,
                "the model's server image and weights on the platform's GPU pool",
            ),
        );
    }
    const offline = deploy && (deploy.modelCache ?? true) && unfetchedFlags(deploy.extraArgs ?? []);
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
