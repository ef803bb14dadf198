import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscalingArgs } from "./args";
import { validateCloud } from "./cloud/validation";
import { CLOUD_DEFAULTS, DEFAULT_MODEL, resolveBackend, resolveCollection } from "./config";
import { MAX_COMPONENT_NAME_LENGTH } from "./naming";
import { findShapeProblems } from "./args-shape";
import { DNS1123_SUBDOMAIN, InputProblem, Problems } from "./problems";
import { findMetric, METRIC_NAMES } from "./scaling/metrics";

export type { InputProblem };

function validateServer(args: InferenceAutoscalingArgs, problems: Problems): void {
    const server = args.server;
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
    const deploy = server.deploy;
    if (deploy) {
        const gpus = deploy.gpusPerPod ?? 1;
        const perNode = args.nodePool?.gpusPerNode ?? 1;
        if (!Number.isInteger(gpus) || gpus < 1) {
            problems.add("server.deploy.gpusPerPod", `server.deploy.gpusPerPod is ${gpus}; it must be a whole number of at least 1`);
        } else if (args.nodePool && gpus > perNode) {
            problems.add(
                "server.deploy.gpusPerPod",
                `server.deploy.gpusPerPod is ${gpus} but nodePool.gpusPerNode is ${perNode}; a pod cannot use more GPUs than its node has`,
            );
        }
        if (deploy.model !== undefined && deploy.model.trim() === "") {
            problems.add("server.deploy.model", 'server.deploy.model is ""; give a Hugging Face model id such as "google/gemma-3-1b-it"');
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
        problems.add("server.metricsPath", `server.metricsPath is ${JSON.stringify(server.metricsPath)}; it must start with "/"`);
    }
}

function validateAutoscaling(args: InferenceAutoscalingArgs, problems: Problems): void {
    const a = args.autoscaling ?? {};
    const min = a.minReplicas ?? 1;
    const max = a.maxReplicas ?? 5;
    const keda = resolveBackend(args) === "keda";
    if (!Number.isInteger(min) || min < 0) {
        problems.add("autoscaling.minReplicas", `autoscaling.minReplicas is ${min}; it must be a whole number of at least 0`);
    } else if (min === 0 && !keda) {
        problems.add(
            "autoscaling.minReplicas",
            `autoscaling.minReplicas is 0 but backend is "${resolveBackend(args)}"; an HPA cannot scale to zero: ` +
                'use backend "keda" for scale to zero, or a minimum of at least 1',
        );
    } else if (min === 0 && args.keda?.activationQuery === undefined) {
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
    if (a.metrics.length === 0) {
        problems.add(
            "autoscaling.metrics",
            `autoscaling.metrics is empty; list at least one of: ${METRIC_NAMES.join(", ")}`,
        );
    }
    const seen = new Set<string>();
    a.metrics.forEach((m, i) => {
        const path = `autoscaling.metrics[${i}]`;
        const metric = findMetric(m.name);
        if (!metric) {
            problems.add(
                `${path}.name`,
                `${path}.name is ${JSON.stringify(m.name)}; it must be one of: ${METRIC_NAMES.join(", ")}`,
            );
            return;
        }
        if (seen.has(m.name)) {
            problems.add(`${path}.name`, `${path}.name ${JSON.stringify(m.name)} is listed twice; list each metric once`);
        }
        seen.add(m.name);
        if (m.target === undefined) {
            return;
        }
        if (!(Number.isFinite(m.target) && m.target > 0)) {
            problems.add(`${path}.target`, `${path}.target is ${m.target}; it must be a number greater than 0`);
        } else if (metric.unit === "percent" && m.target > 100) {
            problems.add(`${path}.target`, `${path}.target is ${m.target}; ${m.name} is a percentage, so it must be from 1 to 100`);
        } else if (metric.unit === "percent" && m.target < 1) {
            problems.add(`${path}.target`, `${path}.target is ${m.target}; ${m.name} is a percentage, so it must be from 1 to 100`);
        } else if (metric.unit === "ratio" && m.target > 1) {
            problems.add(`${path}.target`, `${path}.target is ${m.target}; ${m.name} is a fraction, so it must be above 0 and at most 1`);
        }
    });
}

function validateMonitoring(args: InferenceAutoscalingArgs, problems: Problems): void {
    const cloud = args.cloud ?? "generic";
    const defaults = CLOUD_DEFAULTS[cloud];
    const collection = resolveCollection(args);
    if (args.monitoringNamespace !== undefined) {
        problems.dnsLabel("monitoringNamespace", args.monitoringNamespace);
    }
    if (collection === "gke-managed" && cloud !== "gke") {
        problems.add(
            "collection",
            `collection is "gke-managed" but cloud is ${JSON.stringify(cloud)}; Managed Service for Prometheus ` +
                `exists only on GKE: use "self-managed" on ${cloud}`,
        );
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
            problems.add("prometheus.url", `prometheus.url is ${JSON.stringify(prometheus.url)}; it must be an http:// or https:// URL`);
        }
    } else if (!installPrometheus && collection === "self-managed") {
        // Whatever reads the in-cluster Prometheus needs its URL: KEDA's triggers or prometheus-adapter.
        const reader = resolveBackend(args) === "keda" ? "KEDA's triggers need" : (args.adapter?.install ?? true) ? "prometheus-adapter needs" : undefined;
        if (reader) {
            problems.add("prometheus.url", `prometheus.url is not set but prometheus.install is false; ${reader} the URL of the Prometheus you run`);
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
    problems.duration("prometheus.evaluationInterval", prometheus.evaluationInterval);
    problems.duration("prometheus.retention", prometheus.retention);

    const dcgm = args.dcgmExporter ?? {};
    if (dcgm.collectIntervalMs !== undefined && !(Number.isInteger(dcgm.collectIntervalMs) && dcgm.collectIntervalMs >= 100)) {
        problems.add(
            "dcgmExporter.collectIntervalMs",
            `dcgmExporter.collectIntervalMs is ${dcgm.collectIntervalMs}; it must be a whole number of milliseconds, at least 100`,
        );
    }
    const installDcgm = dcgm.install ?? defaults.dcgmExporter.install;
    if (dcgm.existing !== undefined) {
        if (installDcgm) {
            problems.add(
                "dcgmExporter.existing",
                "dcgmExporter.existing is set but dcgmExporter.install is true; set install to false to scrape your own exporter",
            );
        }
        problems.dnsLabel("dcgmExporter.existing.namespace", dcgm.existing.namespace);
        problems.port("dcgmExporter.existing.port", dcgm.existing.port);
        if (Object.keys(dcgm.existing.podLabels).length === 0) {
            problems.add("dcgmExporter.existing.podLabels", "dcgmExporter.existing.podLabels is empty; give the labels of the exporter pods");
        }
    }
    const gpuMetricAsked = (args.autoscaling?.metrics ?? []).some((m) => findMetric(m.name)?.source === "dcgm");
    const cloudExporter = !defaults.dcgmExporter.install;
    if (gpuMetricAsked && collection === "self-managed" && !installDcgm && dcgm.existing === undefined && !cloudExporter) {
        problems.add(
            "dcgmExporter",
            "a GPU metric is in autoscaling.metrics but dcgmExporter.install is false and dcgmExporter.existing is not set; " +
                "install the exporter or describe the one you run",
        );
    }
}

/** The backend fits the collection mode, and exactly one metrics server is installed. */
function validateBackend(args: InferenceAutoscalingArgs, problems: Problems): void {
    const backend = resolveBackend(args);
    const collection = resolveCollection(args);
    if (backend === "prometheus-adapter" && collection !== "self-managed") {
        problems.add(
            "backend",
            `backend is "prometheus-adapter" but collection is "${collection}"; prometheus-adapter reads the in-cluster ` +
                'Prometheus: use "stackdriver-adapter" or "keda" with GKE managed collection',
        );
    }
    if (backend === "stackdriver-adapter" && collection !== "gke-managed") {
        problems.add(
            "backend",
            `backend is "stackdriver-adapter" but collection is "${collection}"; the Stackdriver adapter reads Managed Service ` +
                'for Prometheus: use "prometheus-adapter" or "keda" with self-managed collection',
        );
    }
    if (backend !== "prometheus-adapter" && args.adapter?.install === true) {
        problems.add(
            "adapter.install",
            `adapter.install is true but backend is "${backend}"; two metrics servers would claim the metrics APIs ` +
                "(custom/external.metrics.k8s.io): install exactly one",
        );
    }
    const keda = args.keda ?? {};
    if (keda.activationThreshold !== undefined && !(keda.activationThreshold >= 0)) {
        problems.add("keda.activationThreshold", `keda.activationThreshold is ${keda.activationThreshold}; it must be 0 or more`);
    }
    if (keda.cooldownPeriodSeconds !== undefined && !(Number.isInteger(keda.cooldownPeriodSeconds) && keda.cooldownPeriodSeconds >= 0)) {
        problems.add("keda.cooldownPeriodSeconds", `keda.cooldownPeriodSeconds is ${keda.cooldownPeriodSeconds}; it must be a whole number of 0 or more`);
    }
    if (keda.pollingIntervalSeconds !== undefined && !(Number.isInteger(keda.pollingIntervalSeconds) && keda.pollingIntervalSeconds >= 1)) {
        problems.add("keda.pollingIntervalSeconds", `keda.pollingIntervalSeconds is ${keda.pollingIntervalSeconds}; it must be a whole number of at least 1`);
    }
}

/**
 * Advice on inputs that are valid but will likely fail at run time; given once, by the component.
 * A gated model without a token is a warning, not an error: the token may come later
 * (`pulumi config set --secret`), and the offline render runs without secrets.
 */
export function inputWarnings(args: InferenceAutoscalingArgs): string[] {
    const deploy = args.server.deploy;
    const model = deploy && (deploy.model ?? DEFAULT_MODEL);
    if (deploy && model && /^google\/gemma/i.test(model) && deploy.huggingFaceToken === undefined) {
        return [`server.deploy.model ${model} is gated on Hugging Face and server.deploy.huggingFaceToken is not set: the pods will fail to download it`];
    }
    return [];
}

/**
 * Checks every plain input before anything is registered.
 * @returns the problems found, empty when the arguments are valid.
 */
export function findInputProblems(name: string, args: InferenceAutoscalingArgs): InputProblem[] {
    // Stage one: the raw shape. Later checks read fields as their types say, so they run only on a sound shape.
    const shape = findShapeProblems(args);
    shape.dnsLabel("name", name, MAX_COMPONENT_NAME_LENGTH);
    if (shape.list.length > 0) {
        return shape.list;
    }
    const problems = new Problems();
    validateServer(args, problems);
    validateAutoscaling(args, problems);
    validateMonitoring(args, problems);
    validateCloud(args, problems);
    validateBackend(args, problems);
    return problems.list;
}

/**
 * Throws one `InputPropertiesError` listing every problem, so the CLI reports each against its
 * property before any resource is registered.
 */
export function validateArgs(name: string, args: InferenceAutoscalingArgs, resource?: pulumi.Resource): void {
    const errors = findInputProblems(name, args);
    if (errors.length > 0) {
        throw new pulumi.InputPropertiesError({
            message: `InferenceAutoscaling "${name}" has ${errors.length} invalid input(s):\n` +
                errors.map((e) => `  - ${e.reason}`).join("\n"),
            errors,
        });
    }
    for (const warning of inputWarnings(args)) {
        pulumi.log.warn(warning, resource);
    }
}
