/**
 * The platform's settings: every default applied once, each dependent default read from the value
 * just resolved. Total: it never throws, whatever arguments of a sound shape it is given; the
 * checks (checks.ts) then read what it resolved.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InferencePlatformArgs } from "../args";
import { cloudModule } from "../clouds";
import { perClusterServiceAccount } from "../clouds/gke/cluster-identity";
import { resolvePoolOn } from "../clouds/node-pools";
import type { CloudModule } from "../clouds/types";
import { warmCapacityOf } from "../capacity/config";
import { STACKDRIVER_ADAPTER } from "../monitoring/gke/stackdriver-names";
import type { PlatformConnection, PlatformCrds } from "../settings/connection";
import type { ResolvedPlatform } from "../settings/platform";
import { BACKENDS, DEFAULT_BACKEND } from "../vocabulary/backends";
import { COLLECTIONS } from "../vocabulary/collections";
import type { Cloud } from "../vocabulary/choices";
import { DCGM_PORT, DEFAULT_GPU_TOLERATIONS } from "../vocabulary/gpu";
import {
    derivedNames,
    EXISTING_NAMESPACES,
    KEDA_OPERATOR_SERVICE_ACCOUNT,
} from "../vocabulary/names";

/**
 * A setting of a part the component installs or finds already running: the one given, else the
 * component's own when it installs the part, else where the part usually is.
 */
const ownOrExisting = <T>(given: T | undefined, install: boolean, own: T, existing: T): T =>
    given ?? (install ? own : existing);

/** The DCGM exporter: installed (the cloud's default unless told), or the one described or the cloud runs. */
function resolveDcgm(args: InferencePlatformArgs, cloud: CloudModule) {
    const defaults = cloud.defaults.dcgmExporter;
    const install = args.dcgmExporter?.install ?? defaults.install;
    const existing =
        args.dcgmExporter?.existing ??
        (!install && !defaults.install ? defaults.existing : undefined);
    return {
        install,
        existing: existing && {
            ...existing,
            podLabels: { ...existing.podLabels },
            port: existing.port ?? DCGM_PORT,
        },
        collectIntervalMs: args.dcgmExporter?.collectIntervalMs ?? 2000,
        values: args.dcgmExporter?.values ?? {},
    };
}

const cloudOf = (args: InferencePlatformArgs): CloudModule => cloudModule(args.cloud ?? "generic");

/** The collection mode: the one asked for, else the cloud's default. */
export const resolveCollection = (args: InferencePlatformArgs) =>
    args.collection ?? cloudOf(args).defaults.collection;

/** Applies every platform default in one place, on arguments of a sound shape. */
export function resolvePlatform(name: string, args: InferencePlatformArgs): ResolvedPlatform {
    const cloud = cloudOf(args);
    const collection = resolveCollection(args);
    const backend = args.backend ?? DEFAULT_BACKEND[collection];
    const cluster = cloud.resolveCluster(name, args);
    const dcgmExporter = resolveDcgm(args, cloud);
    const nodePool =
        args.nodePool && cloud.makesNodePools
            ? resolvePoolOn(cloud.cloud as Exclude<Cloud, "generic">, args.nodePool, {
                  resourceName: `${name}-gpu`,
                  cloudName: (replacedBy) => cloud.cloudPoolName(name, cluster, true, replacedBy),
              })
            : undefined;
    const names = derivedNames(name);
    const kedaInstall = args.keda?.install ?? true;
    const stackdriverInstall = args.stackdriverAdapter?.install ?? true;
    const createMonitoringNamespace = args.createMonitoringNamespace ?? true;
    const grafana = args.prometheus?.grafana ?? false;
    return {
        name,
        names,
        cloud: cloud.cloud,
        cluster,
        collection,
        backend,
        keda: {
            install: kedaInstall,
            namespace: ownOrExisting(
                args.keda?.namespace,
                kedaInstall,
                names.kedaNamespace,
                EXISTING_NAMESPACES.keda,
            ),
            operatorServiceAccount: ownOrExisting<pulumi.Input<string>>(
                args.keda?.operatorServiceAccount,
                kedaInstall,
                perClusterServiceAccount(KEDA_OPERATOR_SERVICE_ACCOUNT, cluster),
                KEDA_OPERATOR_SERVICE_ACCOUNT,
            ),
        },
        monitoringNamespace: ownOrExisting(
            args.monitoringNamespace,
            createMonitoringNamespace,
            names.monitoringNamespace,
            EXISTING_NAMESPACES.monitoring,
        ),
        createMonitoringNamespace,
        nodePool,
        devicePlugin: args.devicePlugin ?? cloud.devicePluginNeeded(cluster),
        managedControlPlane: cloud.defaults.managedControlPlane,
        gpuNodeSelector: args.gpuNodes?.nodeSelector ?? cloud.gpuNodeSelector(nodePool),
        gpuTolerations: args.gpuNodes?.tolerations ?? [
            ...DEFAULT_GPU_TOLERATIONS,
            ...cloud.extraTolerations(args.nodePool),
        ],
        gpuMetrics:
            COLLECTIONS[collection].gpuMetrics.by === "exporter"
                ? dcgmExporter.install || dcgmExporter.existing !== undefined
                : (args.gpuMetrics ?? false),
        alerts: args.alerts ?? true,
        warmCapacity: warmCapacityOf(args),
        prometheus: {
            install: args.prometheus?.install ?? true,
            url: args.prometheus?.url,
            monitorLabels: args.prometheus?.monitorLabels ?? {},
            // Measured by `npm run bench`: with these and a 2 s DCGM collect interval a value is at
            // most 5 s (vLLM) or 12 s (GPU) old when the HPA reads it; the seeds' 30 s took 30 s / 90 s.
            scalingScrapeInterval: args.prometheus?.scalingScrapeInterval ?? "5s",
            // The rest of a vLLM page (~450 of ~500 series) at 15 s, so the fast scrape costs no
            // more samples than one 10 s scrape of the page did: 57/5 + 453/15 + 40/5 (DCGM) ≈ 50
            // samples/s per replica against 505/10 + 40/10 ≈ 55. 15 s is the shortest round interval that holds.
            scrapeInterval: args.prometheus?.scrapeInterval ?? "15s",
            evaluationInterval: args.prometheus?.evaluationInterval ?? "5s",
            retention: args.prometheus?.retention ?? "15d",
            storageSize: args.prometheus?.storageSize ?? "50Gi",
            storageClassName: args.prometheus?.storageClassName,
            grafana,
            grafanaAdminPassword: args.prometheus?.grafanaAdminPassword,
            values: args.prometheus?.values ?? {},
        },
        dcgmExporter,
        adapter: {
            // The one metrics server the backend needs (BACKENDS: who serves the metrics APIs).
            install: args.adapter?.install ?? BACKENDS[backend].serverArgument === "adapter",
            replicas: args.adapter?.replicas ?? 2,
            values: args.adapter?.values ?? {},
        },
        stackdriverAdapter: {
            serves: BACKENDS[backend].serverArgument === "stackdriverAdapter",
            install: stackdriverInstall,
            namespace: ownOrExisting(
                args.stackdriverAdapter?.namespace,
                stackdriverInstall,
                names.stackdriverAdapterNamespace,
                STACKDRIVER_ADAPTER.namespace,
            ),
            name: args.stackdriverAdapter?.serviceAccount ?? STACKDRIVER_ADAPTER.serviceAccount,
            serviceAccount: ownOrExisting<pulumi.Input<string>>(
                args.stackdriverAdapter?.serviceAccount,
                stackdriverInstall,
                perClusterServiceAccount(STACKDRIVER_ADAPTER.serviceAccount, cluster),
                STACKDRIVER_ADAPTER.serviceAccount,
            ),
        },
    };
}

/** What the platform's builders made that a model waits for or reads (none before they run). */
export interface PlatformMade {
    readonly prometheusUrl?: string;
    readonly monitoringNamespace?: pulumi.Input<string>;
    readonly gpuNodePoolId?: pulumi.Input<string>;
    readonly crds?: PlatformCrds;
}

/**
 * What a model needs of its platform: the resolved settings, and what the builders made. Without
 * `made` (validation, the simulator) no resource is named: models are checked or simulated on
 * settings alone.
 */
export function connectionOf(cfg: ResolvedPlatform, made: PlatformMade = {}): PlatformConnection {
    return {
        name: cfg.name,
        cloud: cfg.cloud,
        cluster: cfg.cluster,
        collection: cfg.collection,
        backend: cfg.backend,
        gpuMetrics: cfg.gpuMetrics,
        alerts: cfg.alerts,
        prometheusUrl: made.prometheusUrl,
        monitorLabels: cfg.prometheus.monitorLabels,
        scrapeInterval: cfg.prometheus.scrapeInterval,
        scalingScrapeInterval: cfg.prometheus.scalingScrapeInterval,
        evaluationInterval: cfg.prometheus.evaluationInterval,
        gpuNodeSelector: cfg.gpuNodeSelector,
        gpuTolerations: cfg.gpuTolerations,
        gpuNodePoolId: made.gpuNodePoolId,
        // Grafana comes with the in-cluster monitoring stack.
        grafana: COLLECTIONS[cfg.collection].inClusterPrometheus && cfg.prometheus.grafana,
        monitoringNamespace: made.monitoringNamespace,
        crds: made.crds ?? { prometheusOperator: [], keda: [] },
    };
}
