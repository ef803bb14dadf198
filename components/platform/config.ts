/**
 * The platform's settings: every default applied once (`resolvePlatform`), and the checks of the
 * platform's own arguments (`findPlatformProblems`), which run on arguments whose shape was checked.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { InferencePlatformArgs } from "../args";
import { cloudModule } from "../clouds";
import { resolvePoolOn } from "../clouds/node-pools";
import type { ResolvedCluster } from "../clouds/cluster";
import type { CloudModule, ResolvedNodePool } from "../clouds/types";
import { STACKDRIVER_ADAPTER } from "../monitoring/gke/stackdriver-names";
import { perClusterServiceAccount } from "../clouds/gke/cluster-identity";
import {
    derivedNames,
    EXISTING_NAMESPACES,
    KEDA_OPERATOR_SERVICE_ACCOUNT,
} from "../vocabulary/names";
import type { PlatformFacts } from "./connection";
import {
    BACKENDS,
    backendsReading,
    COLLECTION_LABELS,
    DEFAULT_BACKEND,
    quotedAlternatives,
} from "../vocabulary/backends";
import { Problems } from "../problems";
import type { Cloud, CollectionMode, MetricsBackend } from "../vocabulary/choices";
import { DEFAULT_GPU_TOLERATIONS } from "../vocabulary/gpu";
import { findWarmCapacityProblems, warmCapacityOf } from "../capacity/config";

/** Every platform setting the builders need, with defaults applied. */
export interface ResolvedPlatform {
    readonly name: string;
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
        readonly install: boolean;
        readonly namespace: string;
        /** Its Deployment, Service and disruption budget (Google's manifest names them after its service account). */
        readonly name: string;
        /** Its service account: the identity that reads Cloud Monitoring. */
        readonly serviceAccount: pulumi.Input<string>;
    };
}

/**
 * A setting of a part the component installs or finds already running: the one given, else the
 * component's own when it installs the part, else where the part usually is.
 */
const ownOrExisting = <T>(given: T | undefined, install: boolean, own: T, existing: T): T =>
    given ?? (install ? own : existing);

const cloudOf = (args: InferencePlatformArgs): CloudModule => cloudModule(args.cloud ?? "generic");

/** The collection mode: the one asked for, else the cloud's default. */
export function resolveCollection(args: InferencePlatformArgs): CollectionMode {
    return args.collection ?? cloudOf(args).defaults.collection;
}

/** The metrics backend: the one asked for, else the collection mode's own server. */
export function resolveBackend(args: InferencePlatformArgs): MetricsBackend {
    return args.backend ?? DEFAULT_BACKEND[resolveCollection(args)];
}

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
            port: existing.port ?? 9400,
        },
    };
}

/** Applies every platform default in one place. Expects arguments that passed `findPlatformProblems`. */
export function resolvePlatform(name: string, args: InferencePlatformArgs): ResolvedPlatform {
    const cloud = cloudOf(args);
    const collection = resolveCollection(args);
    const backend = resolveBackend(args);
    const cluster = cloud.resolveCluster(name, args);
    const dcgm = resolveDcgm(args, cloud);
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
    return {
        name,
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
        monitoringNamespace:
            args.monitoringNamespace ??
            ((args.createMonitoringNamespace ?? true)
                ? names.monitoringNamespace
                : EXISTING_NAMESPACES.monitoring),
        createMonitoringNamespace: args.createMonitoringNamespace ?? true,
        nodePool,
        devicePlugin: args.devicePlugin ?? cloud.devicePluginNeeded(args),
        managedControlPlane: cloud.defaults.managedControlPlane,
        gpuNodeSelector: args.gpuNodes?.nodeSelector ?? cloud.gpuNodeSelector(nodePool),
        gpuTolerations: args.gpuNodes?.tolerations ?? [
            ...DEFAULT_GPU_TOLERATIONS,
            ...cloud.extraTolerations(args.nodePool),
        ],
        gpuMetrics: platformFacts(args).gpuMetrics,
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
            grafana: args.prometheus?.grafana ?? false,
            grafanaAdminPassword: args.prometheus?.grafanaAdminPassword,
            values: args.prometheus?.values ?? {},
        },
        dcgmExporter: {
            ...dcgm,
            collectIntervalMs: args.dcgmExporter?.collectIntervalMs ?? 2000,
            values: args.dcgmExporter?.values ?? {},
        },
        adapter: {
            install: args.adapter?.install ?? backend === "prometheus-adapter",
            replicas: args.adapter?.replicas ?? 2,
            values: args.adapter?.values ?? {},
        },
        stackdriverAdapter: {
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

function validateCollection(
    args: InferencePlatformArgs,
    cloud: CloudModule,
    problems: Problems,
): void {
    const collection = resolveCollection(args);
    if (!cloud.collections.includes(collection)) {
        problems.add(
            "collection",
            `collection is ${JSON.stringify(collection)} but cloud is ${JSON.stringify(cloud.cloud)}; Managed Service for Prometheus ` +
                `exists only on GKE: use ${quotedAlternatives(cloud.collections)} on ${cloud.cloud}`,
        );
    }
    if (args.monitoringNamespace !== undefined) {
        problems.dnsLabel("monitoringNamespace", args.monitoringNamespace);
    }
    if (args.keda?.namespace !== undefined) {
        problems.dnsLabel("keda.namespace", args.keda.namespace);
    }
    const prometheus = args.prometheus ?? {};
    const installPrometheus = prometheus.install ?? true;
    if (prometheus.url !== undefined) {
        if (installPrometheus) {
            problems.add(
                "prometheus.url",
                `prometheus.url is ${JSON.stringify(prometheus.url)} but prometheus.install is true; ` +
                    "the URL of an installed Prometheus is derived: set install to false to use your own",
            );
        }
        if (!/^https?:\/\/[^/]+/.test(prometheus.url) || !URL.canParse(prometheus.url)) {
            problems.add(
                "prometheus.url",
                `prometheus.url is ${JSON.stringify(prometheus.url)}; it must be an http:// or https:// URL`,
            );
        }
    } else if (!installPrometheus && collection === "self-managed") {
        // Whatever reads the in-cluster Prometheus needs its URL: KEDA's triggers or prometheus-adapter.
        const reader =
            resolveBackend(args) === "keda"
                ? "KEDA's triggers need"
                : (args.adapter?.install ?? true)
                  ? "prometheus-adapter needs"
                  : undefined;
        if (reader) {
            problems.add(
                "prometheus.url",
                `prometheus.url is not set but prometheus.install is false; ${reader} the URL of the Prometheus you run`,
            );
        }
    }
    if (prometheus.grafana && prometheus.grafanaAdminPassword === undefined) {
        problems.add(
            "prometheus.grafanaAdminPassword",
            "prometheus.grafanaAdminPassword is not set but prometheus.grafana is true; give the admin password as a secret " +
                "(pulumi config set --secret), the chart's stock password is never used",
        );
    }
    problems.duration("prometheus.scrapeInterval", prometheus.scrapeInterval);
    problems.duration("prometheus.scalingScrapeInterval", prometheus.scalingScrapeInterval);
    problems.duration("prometheus.evaluationInterval", prometheus.evaluationInterval);
    problems.duration("prometheus.retention", prometheus.retention);
}

function validateDcgm(args: InferencePlatformArgs, cloud: CloudModule, problems: Problems): void {
    const dcgm = args.dcgmExporter ?? {};
    if (
        dcgm.collectIntervalMs !== undefined &&
        !(Number.isInteger(dcgm.collectIntervalMs) && dcgm.collectIntervalMs >= 100)
    ) {
        problems.add(
            "dcgmExporter.collectIntervalMs",
            `dcgmExporter.collectIntervalMs is ${dcgm.collectIntervalMs}; it must be a whole number of milliseconds, at least 100`,
        );
    }
    if (dcgm.existing !== undefined) {
        if (dcgm.install ?? cloud.defaults.dcgmExporter.install) {
            problems.add(
                "dcgmExporter.existing",
                "dcgmExporter.existing is set but dcgmExporter.install is true; set install to false to scrape your own exporter",
            );
        }
        problems.dnsLabel("dcgmExporter.existing.namespace", dcgm.existing.namespace);
        problems.port("dcgmExporter.existing.port", dcgm.existing.port);
        if (Object.keys(dcgm.existing.podLabels).length === 0) {
            problems.add(
                "dcgmExporter.existing.podLabels",
                "dcgmExporter.existing.podLabels is empty; give the labels of the exporter pods",
            );
        }
    }
}

/** The backend fits the collection mode, and exactly one metrics server is installed. */
function validateBackend(args: InferencePlatformArgs, problems: Problems): void {
    const backend = resolveBackend(args);
    const collection = resolveCollection(args);
    const facts = BACKENDS[backend];
    if (!facts.collections.includes(collection)) {
        problems.add(
            "backend",
            `backend is "${backend}" but collection is "${collection}"; ${facts.label} reads ${facts.reads}: ` +
                `use ${quotedAlternatives(backendsReading(collection))} with ${COLLECTION_LABELS[collection]}`,
        );
    }
    if (backend !== "stackdriver-adapter" && args.stackdriverAdapter?.install === true) {
        problems.add(
            "stackdriverAdapter.install",
            `stackdriverAdapter.install is true but backend is "${backend}"; two metrics servers would claim the metrics APIs: install exactly one`,
        );
    }
    if (backend !== "prometheus-adapter" && args.adapter?.install === true) {
        problems.add(
            "adapter.install",
            `adapter.install is true but backend is "${backend}"; two metrics servers would claim the metrics APIs ` +
                "(custom/external.metrics.k8s.io): install exactly one",
        );
    }
}

/**
 * The platform's own checks, on arguments of a sound shape. `modelPools` says whether models of
 * this program make node pools too (they need the cluster's identity as the platform's pool does).
 */
export function findPlatformProblems(
    args: InferencePlatformArgs,
    problems: Problems,
    modelPools = false,
): void {
    const cloud = cloudOf(args);
    validateCollection(args, cloud, problems);
    validateDcgm(args, cloud, problems);
    cloud.validate(args, args.nodePool !== undefined || modelPools, problems);
    if (args.nodePool) {
        cloud.validateNodePool(args.nodePool, "nodePool", problems);
    }
    validateBackend(args, problems);
    findWarmCapacityProblems(args.warmCapacity, "warmCapacity", args.nodePool, true, problems);
    const dcgm = resolveDcgm(args, cloud);
    if (
        args.gpuMetrics === true &&
        resolveCollection(args) === "self-managed" &&
        !dcgm.install &&
        dcgm.existing === undefined
    ) {
        problems.add(
            "gpuMetrics",
            "gpuMetrics is true but dcgmExporter.install is false and dcgmExporter.existing is not set; install the exporter or describe the one you run",
        );
    }
}

/** What a model is checked against, from platform arguments that may not be valid yet. */
export function platformFacts(args: InferencePlatformArgs): PlatformFacts {
    const cloud = cloudOf(args);
    const collection = resolveCollection(args);
    const dcgm = resolveDcgm(args, cloud);
    return {
        cloud: cloud.cloud,
        collection,
        backend: resolveBackend(args),
        gpuMetrics:
            collection === "self-managed"
                ? dcgm.install || dcgm.existing !== undefined
                : (args.gpuMetrics ?? false),
    };
}
