/**
 * The platform's checks, on what `resolvePlatform` resolved (`cfg`). The arguments as given
 * (`given`) serve only rules about what the user set (a URL beside an install, a second metrics
 * server asked for) and the cloud's own rules on its cluster and pool arguments.
 */
import type { InferencePlatformArgs } from "../args";
import { findWarmCapacityProblems } from "../capacity/config";
import { checkNodePool, cloudModule } from "../clouds";
import type { Problems } from "../problems";
import { backendModule } from "../scaling/backends";
import { COLLECTIONS } from "../vocabulary/collections";
import type { ResolvedPlatform } from "../settings/platform";
import {
    BACKENDS,
    backendsReading,
    quotedAlternatives,
    type ServerArgument,
} from "../vocabulary/backends";

function checkCollection(cfg: ResolvedPlatform, problems: Problems): void {
    const cloud = cloudModule(cfg.cloud);
    if (!cloud.collections.includes(cfg.collection)) {
        problems.add(
            "collection",
            `collection is ${JSON.stringify(cfg.collection)} but cloud is ${JSON.stringify(cfg.cloud)}; Managed Service for Prometheus ` +
                `exists only on GKE: use ${quotedAlternatives(cloud.collections)} on ${cfg.cloud}`,
        );
    }
    problems.dnsLabel("monitoringNamespace", cfg.monitoringNamespace);
    problems.dnsLabel("keda.namespace", cfg.keda.namespace);
}

function checkPrometheus(cfg: ResolvedPlatform, problems: Problems): void {
    const prometheus = cfg.prometheus;
    if (prometheus.url !== undefined) {
        if (prometheus.install) {
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
    } else if (!prometheus.install && COLLECTIONS[cfg.collection].inClusterPrometheus) {
        // Whatever reads the in-cluster Prometheus needs its URL: KEDA's triggers, or an installed adapter.
        const reader = BACKENDS[cfg.backend].prometheusReader;
        if (reader && (!reader.whenInstalled || backendModule(cfg.backend).installsServer(cfg))) {
            problems.add(
                "prometheus.url",
                `prometheus.url is not set but prometheus.install is false; ${reader.says} the URL of the Prometheus you run`,
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

function checkDcgm(cfg: ResolvedPlatform, given: InferencePlatformArgs, problems: Problems): void {
    const dcgm = cfg.dcgmExporter;
    if (!(Number.isInteger(dcgm.collectIntervalMs) && dcgm.collectIntervalMs >= 100)) {
        problems.add(
            "dcgmExporter.collectIntervalMs",
            `dcgmExporter.collectIntervalMs is ${dcgm.collectIntervalMs}; it must be a whole number of milliseconds, at least 100`,
        );
    }
    const existing = given.dcgmExporter?.existing;
    if (existing !== undefined) {
        if (dcgm.install) {
            problems.add(
                "dcgmExporter.existing",
                "dcgmExporter.existing is set but dcgmExporter.install is true; set install to false to scrape your own exporter",
            );
        }
        problems.dnsLabel("dcgmExporter.existing.namespace", existing.namespace);
        problems.port("dcgmExporter.existing.port", existing.port);
        if (Object.keys(existing.podLabels).length === 0) {
            problems.add(
                "dcgmExporter.existing.podLabels",
                "dcgmExporter.existing.podLabels is empty; give the labels of the exporter pods",
            );
        }
    }
}

/**
 * The adapters, whose install may be asked for beside another backend (KEDA's `install` concerns
 * KEDA alone), and how the message names the APIs they would claim.
 */
const OTHER_SERVER_APIS: Partial<Record<ServerArgument, string>> = {
    stackdriverAdapter: "",
    adapter: " (custom/external.metrics.k8s.io)",
};

/** The backend fits the collection mode, and exactly one metrics server is installed. */
function checkBackend(cfg: ResolvedPlatform, given: InferencePlatformArgs, problems: Problems) {
    const { backend, collection } = cfg;
    const facts = BACKENDS[backend];
    if (!facts.collections.includes(collection)) {
        problems.add(
            "backend",
            `backend is "${backend}" but collection is "${collection}"; ${facts.label} reads ${facts.reads}: ` +
                `use ${quotedAlternatives(backendsReading(collection))} with ${COLLECTIONS[collection].label}`,
        );
    }
    for (const [argument, apis] of Object.entries(OTHER_SERVER_APIS) as [
        ServerArgument,
        string,
    ][]) {
        if (argument !== facts.serverArgument && given[argument]?.install === true) {
            problems.add(
                `${argument}.install`,
                `${argument}.install is true but backend is "${backend}"; two metrics servers would claim the metrics APIs` +
                    `${apis}: install exactly one`,
            );
        }
    }
}

/**
 * The platform's checks. `modelPools` says whether models of this program make node pools too
 * (they need the cluster's identity as the platform's pool does).
 */
export function findPlatformProblems(
    cfg: ResolvedPlatform,
    given: InferencePlatformArgs,
    problems: Problems,
    modelPools = false,
): void {
    const cloud = cloudModule(cfg.cloud);
    checkCollection(cfg, problems);
    checkPrometheus(cfg, problems);
    checkDcgm(cfg, given, problems);
    const pool = given.nodePool !== undefined || modelPools;
    cloud.validate(
        given,
        { pool, identity: pool || COLLECTIONS[cfg.collection].needsCloudIdentity },
        problems,
    );
    if (given.nodePool) {
        checkNodePool(cfg.cloud, cfg.nodePool, given.nodePool, "nodePool", problems);
    }
    checkBackend(cfg, given, problems);
    findWarmCapacityProblems(cfg.warmCapacity, "warmCapacity", cfg.nodePool, true, problems);
    // Self-managed collection collects GPU metrics only from an exporter it installs or is told of.
    if (given.gpuMetrics === true && !cfg.gpuMetrics) {
        problems.add(
            "gpuMetrics",
            "gpuMetrics is true but dcgmExporter.install is false and dcgmExporter.existing is not set; install the exporter or describe the one you run",
        );
    }
}
