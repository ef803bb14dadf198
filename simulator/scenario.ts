/**
 * What to simulate: a stack's resolved configuration, the same one the component deploys. The
 * stack file is read, `--set` overrides applied and checked as `pulumi up` would check them, and
 * the platform and model defaults resolved by the component's own code.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sdkSettings from "@pulumi/pulumi/runtime/settings";
import type * as k8s from "@pulumi/kubernetes";
import { resolveModel } from "../components/model/resolve";
import { connectionOf, resolvePlatform } from "../components/platform/resolve";
import { DEFAULT_MODEL, type ResolvedModel } from "../components/settings/model";
import { UNKNOWN_GPU_COUNT } from "../components/vocabulary/gpu";
import type { ResolvedPlatform } from "../components/settings/platform";
import { modelSettingsOf, platformArgsOf } from "../components/validation";
import type { Accelerator } from "../components/vocabulary/accelerators";
import type { CollectionMode, MetricsBackend } from "../components/vocabulary/choices";
import type { MetricName } from "../components/vocabulary/metrics";
import { readStackConfig } from "../harness/plan";
import { COMPONENT_NAME, readStackSettings } from "../program/stack-config";
import { applyOverrides, parseOverride } from "../scripts/render-args";
import { CapacityDelays, DEFAULT_DELAYS, durationSeconds } from "./delays";
import { overrideParams, ReplicaParams, replicaParams } from "./hardware";

export interface SimConfig {
    readonly label: string;
    readonly cloud: string;
    readonly accelerator: Accelerator;
    readonly machineType?: string;
    readonly model: string;
    readonly gpusPerPod: number;
    readonly gpusPerNode: number;
    readonly minNodes: number;
    readonly maxNodes: number;
    readonly collection: CollectionMode;
    readonly backend: MetricsBackend;
    readonly scrapeIntervalSeconds: number;
    readonly evaluationIntervalSeconds: number;
    readonly dcgmCollectSeconds: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: readonly {
        readonly name: MetricName;
        readonly target: number;
        readonly aggregation: "sum" | "max" | "avg";
    }[];
    /** The HPA's behavior; undefined means Kubernetes' defaults. */
    readonly behavior?: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;
    readonly drainSeconds: number;
    /** GPUs kept free by placeholder pods (warm headroom). */
    readonly warmGpus: number;
    /** The vLLM image is on every GPU node before a pod needs it. */
    readonly imagePrePulled: boolean;
    /** The node-local model cache: a node downloads the weights once, later replicas there only load them. */
    readonly modelCache: boolean;
    readonly params: ReplicaParams;
    readonly delays: CapacityDelays;
}

export interface ScenarioOptions {
    readonly stack: string;
    /** `pulumi config set --path` style overrides, as for `npm run render`. */
    readonly set?: readonly string[];
    /** `name=value` overrides of engine parameters and delays. */
    readonly params?: readonly string[];
    /** Accelerator where the stack has no GPU pool of its own. */
    readonly accelerator?: Accelerator;
    readonly label?: string;
}

/** The stack's platform and model, resolved as the component resolves them. */
export function resolveStack(
    stack: string,
    set: readonly string[] = [],
): { platform: ResolvedPlatform; model: ResolvedModel } {
    const { config, secretKeys } = readStackConfig(stack);
    pulumi.runtime.setAllConfig(applyOverrides(config, set.map(parseOverride)), secretKeys);
    // Config problems name the stack, as `pulumi up` would (the SDK's own setter: no engine runs here).
    (sdkSettings as unknown as { _setStack(name: string): void })._setStack(stack);
    const settings = readStackSettings(new pulumi.Config("inference-autoscaling"));
    const platform = resolvePlatform(COMPONENT_NAME, platformArgsOf(settings.args));
    return {
        platform,
        model: resolveModel(COMPONENT_NAME, modelSettingsOf(settings.args), connectionOf(platform)),
    };
}

const DELAY_NAMES = Object.keys(DEFAULT_DELAYS) as (keyof CapacityDelays)[];

export function scenario(o: ScenarioOptions): SimConfig {
    const { platform, model } = resolveStack(o.stack, o.set);
    const pool = model.nodePool ?? platform.nodePool;
    const accelerator = pool?.accelerator ?? o.accelerator;
    if (!accelerator) {
        throw new Error(
            `stack ${o.stack} makes no GPU pool: say which accelerator its GPU nodes have with --accelerator`,
        );
    }
    const deploy = model.server.deploy;
    const gpusPerPod = deploy?.gpusPerPod ?? UNKNOWN_GPU_COUNT;
    // A stack's server deployed by its owner runs the default model, as far as the simulator knows.
    const modelId = deploy?.model ?? DEFAULT_MODEL;
    const delayOverrides = (o.params ?? []).filter((p) =>
        DELAY_NAMES.includes(p.split("=")[0] as keyof CapacityDelays),
    );
    const engineOverrides = (o.params ?? []).filter((p) => !delayOverrides.includes(p));
    const delays = { ...DEFAULT_DELAYS };
    for (const d of delayOverrides) {
        const [name, value] = d.split("=");
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds < 0) {
            throw new Error(`--param ${d}: seconds must be a number of at least 0`);
        }
        delays[name as keyof CapacityDelays] = seconds;
    }
    return {
        label: o.label ?? `stack ${o.stack}`,
        cloud: platform.cloud,
        accelerator,
        machineType: pool?.machine?.machineType,
        model: modelId,
        gpusPerPod,
        gpusPerNode: pool?.gpusPerNode ?? gpusPerPod,
        minNodes: pool?.minNodes ?? 0,
        maxNodes: pool?.maxNodes ?? model.autoscaling.maxReplicas,
        collection: platform.collection,
        backend: platform.backend,
        // The scaled series (vLLM's and the DCGM exporter's) are scraped at the scaling interval.
        scrapeIntervalSeconds: durationSeconds(platform.prometheus.scalingScrapeInterval),
        evaluationIntervalSeconds: durationSeconds(platform.prometheus.evaluationInterval),
        dcgmCollectSeconds: platform.dcgmExporter.collectIntervalMs / 1000,
        minReplicas: model.autoscaling.minReplicas,
        maxReplicas: model.autoscaling.maxReplicas,
        metrics: model.autoscaling.metrics.map((m) => ({
            name: m.metric.name,
            target: m.target,
            aggregation: m.metric.aggregation,
        })),
        behavior: model.autoscaling.behavior,
        drainSeconds: deploy?.drainSeconds ?? 30,
        warmGpus: model.warmCapacity + platform.warmCapacity,
        imagePrePulled: deploy?.prePullImage ?? false,
        modelCache: deploy?.modelCache ?? false,
        params: overrideParams(
            replicaParams(accelerator, modelId, gpusPerPod, deploy?.extraArgs ?? []),
            engineOverrides,
        ),
        delays,
    };
}
