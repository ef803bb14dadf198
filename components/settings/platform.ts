/**
 * The platform's settings with every default applied (platform/resolve.ts makes them): what its
 * builders and checks read. A ground floor: types only, no defaults and no checks.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster } from "../clouds/cluster";
import type { ResolvedNodePool } from "../clouds/types";
import type { Cloud, CollectionMode, MetricsBackend } from "../vocabulary/choices";
import type { DerivedNames } from "../vocabulary/names";

/** Every platform setting the builders need, with defaults applied. */
export interface ResolvedPlatform {
    readonly name: string;
    /** Names derived from `name` (releases, Services, namespaces). */
    readonly names: DerivedNames;
    readonly cloud: Cloud;
    readonly cluster: ResolvedCluster;
    readonly collection: CollectionMode;
    readonly backend: MetricsBackend;
    readonly keda: {
        readonly install: boolean;
        readonly namespace: string;
        /** Its operator's service account: the identity that reads the metrics. */
        readonly operatorServiceAccount: pulumi.Input<string>;
    };
    readonly monitoringNamespace: string;
    readonly createMonitoringNamespace: boolean;
    readonly nodePool?: ResolvedNodePool;
    readonly devicePlugin: boolean;
    readonly managedControlPlane: boolean;
    readonly gpuNodeSelector: Record<string, string>;
    readonly gpuTolerations: k8s.types.input.core.v1.Toleration[];
    readonly gpuMetrics: boolean;
    /** Alert rules on the scaling loop. */
    readonly alerts: boolean;
    /** GPUs of headroom on the platform's GPU nodes (0: none). */
    readonly warmCapacity: number;
    readonly prometheus: {
        readonly install: boolean;
        readonly url?: string;
        readonly monitorLabels: Record<string, string>;
        readonly scrapeInterval: string;
        readonly scalingScrapeInterval: string;
        readonly evaluationInterval: string;
        readonly retention: string;
        readonly storageSize: string;
        readonly storageClassName?: string;
        readonly grafana: boolean;
        readonly grafanaAdminPassword?: pulumi.Input<string>;
        readonly values: Record<string, unknown>;
    };
    readonly dcgmExporter: {
        readonly install: boolean;
        readonly collectIntervalMs: number;
        readonly existing?: { namespace: string; podLabels: Record<string, string>; port: number };
        readonly values: Record<string, unknown>;
    };
    readonly adapter: {
        readonly install: boolean;
        readonly replicas: number;
        readonly values: Record<string, unknown>;
    };
    readonly stackdriverAdapter: {
        /** The backend's server (installed, or one running already): the HPA reads its metrics. */
        readonly serves: boolean;
        readonly install: boolean;
        readonly namespace: string;
        /** Its Deployment, Service and disruption budget (Google's manifest names them after its service account). */
        readonly name: string;
        /** Its service account: the identity that reads Cloud Monitoring. */
        readonly serviceAccount: pulumi.Input<string>;
    };
}
