/**
 * A model's settings with every default applied (model/resolve.ts makes them): what its builders
 * and checks read, and the constants they share. A ground floor: types and constants, no checks.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedNodePool } from "../clouds/types";
import type { KedaFallbackBehavior, RolloutStrategy, ServerEngine } from "../vocabulary/choices";
import type { MetricDefinition } from "../vocabulary/metrics";
import type { DerivedNames } from "../vocabulary/names";
import type { PlatformConnection } from "./connection";

/** The model `server.deploy` serves unless told otherwise: the seeds' model. */
export const DEFAULT_MODEL = "google/gemma-3-1b-it";

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

/** Label on a model's own pool, naming the model: its server selects it. */
export const MODEL_POOL_LABEL = "inference-autoscaling/model";

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
    /** Names derived from `name` (the HPA, the metrics Service). */
    readonly names: DerivedNames;
    /** The HPA that scales the server, whichever backend makes it. */
    readonly hpaName: string;
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
