/**
 * One model's settings: every default applied once, each dependent default read from the value
 * just resolved. Total: it never throws, whatever arguments of a sound shape it is given; the
 * checks (checks.ts) then read what it resolved.
 */
import type { AutoscalingArgs, GpuNodePoolArgs, KedaModelArgs, VllmServerArgs } from "../args";
import { warmCapacityOf } from "../capacity/config";
import { cloudModule } from "../clouds";
import { resolvePoolOn } from "../clouds/node-pools";
import { backendModule } from "../scaling/backends";
import { startupBudgetSeconds } from "../server/model-cache";
import type { PlatformConnection } from "../settings/connection";
import {
    DEFAULT_BEHAVIOR,
    DEFAULT_MODEL,
    MODEL_POOL_LABEL,
    ResolvedMetric,
    ResolvedModel,
    ResolvedServerDeployment,
} from "../settings/model";
import { RolloutStrategy, type Cloud } from "../vocabulary/choices";
import { ENGINE_DEFAULT_METRIC, findMetric } from "../vocabulary/metrics";
import { derivedNames } from "../vocabulary/names";

/** What defines one model, whichever component carries it. */
export interface ModelSettings {
    server: VllmServerArgs;
    autoscaling?: AutoscalingArgs;
    keda?: KedaModelArgs;
    nodePool?: GpuNodePoolArgs;
    warmCapacity?: number;
    alerts?: boolean;
}

/** The vLLM image `server.deploy` runs unless told otherwise. */
const DEFAULT_IMAGE = "vllm/vllm-openai:v0.11.0";

/** Replicas the autoscaler may add up to, unless set. */
const DEFAULT_MAX_REPLICAS = 5;

/** The deployed vLLM pod's CPU request and memory request and limit, unless set (args.ts says why). */
export const DEPLOY_DEFAULTS = { cpu: "2", memory: "10Gi" } as const;

/** The server to deploy, with defaults applied. */
function resolveDeploy(deploy: NonNullable<VllmServerArgs["deploy"]>): ResolvedServerDeployment {
    const model = deploy.model ?? DEFAULT_MODEL;
    const modelCache = deploy.modelCache ?? true;
    return {
        model,
        modelRevision: deploy.modelRevision,
        image: deploy.image ?? DEFAULT_IMAGE,
        gpusPerPod: deploy.gpusPerPod ?? 1,
        huggingFaceToken: deploy.huggingFaceToken,
        extraArgs: deploy.extraArgs ?? [],
        cpu: deploy.cpu ?? DEPLOY_DEFAULTS.cpu,
        // Fits the smallest GPU machines (16 GB, ~12-14 GiB allocatable after system reservations).
        memory: deploy.memory ?? DEPLOY_DEFAULTS.memory,
        startupTimeoutSeconds:
            deploy.startupTimeoutSeconds ?? startupBudgetSeconds(model, modelCache),
        drainSeconds: deploy.drainSeconds ?? 120,
        // Cannot deadlock on a full GPU pool (args.ts says what each costs).
        strategy: deploy.strategy ?? RolloutStrategy.Replace,
        createNamespace: deploy.createNamespace ?? true,
        prePullImage: deploy.prePullImage ?? true,
        modelCache,
    };
}

/**
 * The metrics a model scales on (its engine's running batch unless told), with their targets. A
 * name the catalog lacks resolves to no entry: the checks name it from the arguments.
 */
function resolveMetrics(
    settings: Pick<ModelSettings, "autoscaling">,
    engine: ResolvedModel["server"]["engine"],
): ResolvedMetric[] {
    const given = settings.autoscaling?.metrics ?? [{ name: ENGINE_DEFAULT_METRIC[engine] }];
    return given.flatMap((m) => {
        const metric = findMetric(m.name);
        return metric ? [{ metric, target: m.target ?? metric.defaultTarget }] : [];
    });
}

/** Applies every model default in one place, on settings of a sound shape. */
export function resolveModel(
    name: string,
    settings: ModelSettings,
    platform: PlatformConnection,
): ResolvedModel {
    const { server, autoscaling, keda } = settings;
    const cloud = cloudModule(platform.cloud);
    // A cloud that makes no pools refuses one in the checks.
    const nodePool =
        settings.nodePool && cloud.makesNodePools
            ? resolvePoolOn(
                  platform.cloud as Exclude<Cloud, "generic">,
                  settings.nodePool,
                  {
                      resourceName: `${name}-gpu`,
                      cloudName: (replacedBy) =>
                          cloud.cloudPoolName(name, platform.cluster, false, replacedBy),
                  },
                  { [MODEL_POOL_LABEL]: name },
              )
            : undefined;
    const engine = server.engine ?? "vllm";
    const minReplicas = autoscaling?.minReplicas ?? 1;
    const names = derivedNames(name);
    return {
        name,
        names,
        hpaName: backendModule(platform.backend).hpaName(names),
        platform,
        server: {
            namespace: server.namespace,
            deploymentName: server.deploymentName,
            podLabels: server.podLabels,
            metricsPort: server.metricsPort ?? 8000,
            metricsPath: server.metricsPath ?? "/metrics",
            podDisruptionBudget: server.podDisruptionBudget ?? true,
            engine,
            deploy: server.deploy && resolveDeploy(server.deploy),
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
                replicas: keda?.fallback?.replicas ?? Math.max(1, minReplicas),
                behavior: keda?.fallback?.behavior ?? "currentReplicasIfHigher",
            },
            scalingModifiers: keda?.scalingModifiers && {
                formula: keda.scalingModifiers.formula,
                target: keda.scalingModifiers.target ?? 1,
                activationTarget: keda.scalingModifiers.activationTarget ?? 0,
            },
        },
        autoscaling: {
            minReplicas,
            maxReplicas: autoscaling?.maxReplicas ?? DEFAULT_MAX_REPLICAS,
            metrics: resolveMetrics(settings, engine),
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
