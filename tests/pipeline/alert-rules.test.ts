/**
 * The scaling-loop alerts, as the component emits them (PrometheusRule on self-managed collection,
 * GMP Rules/ClusterRules on GKE), run by `promtool test rules` on series shaped as they are stored:
 * kube-state-metrics' (labels per its docs/metrics/workload/*.md, scraped with `honorLabels: true`
 * so the object's `namespace`/`pod` win over the target's; on GKE with GMP's project/location/
 * cluster labels), the API server's `aggregator_unavailable_apiservice{name}`, and the model's own
 * scaled series. Each alert fires on a broken loop with exact labels and annotations, and stays
 * silent on healthy series.
 */
import { expect } from "chai";
import type { InferenceAutoscalingArgs } from "../../components";
import { ALERT_TIMING, AlertGroup } from "../../components/monitoring/alerts/rules";
import { promtoolTestRules } from "../../harness/promtool";
import { schemaProblems } from "../schema/object-schemas";
import { baseArgs, Plan, runComponent } from "../mocks";
import { markdownSection } from "../support/markdown";

type Labels = Record<string, string>;
interface Series {
    name: string;
    labels: Labels;
    values: string;
}

const NS = "vllm-example";
const POD = "vllm-gemma-deployment-7d9c4fb8c-abcde";
/** A pod of another Deployment whose name starts the same: never this model's. */
const OTHER_POD = "vllm-gemma-deployment-v2-5f6d7c8b9-qwert";
const METRICS = {
    metrics: [
        { name: "vllm_num_requests_running" as const },
        { name: "gpu_utilization_percent" as const },
    ],
};
const GKE = {
    cloud: "gke" as const,
    gke: { project: "p", location: "us-central1", clusterName: "c1" },
};
const MINUTES = 40;

/** One collection mode as the test sees it: where its rules are and how its series are labelled. */
interface Setup {
    name: string;
    args: InferenceAutoscalingArgs;
    modelRules: { type: string; name: string };
    platformRules: { type: string; name: string };
    hpa: string;
    /** kube-state-metrics series as stored: the object's labels, then the scrape's where they do not clash. */
    ksm: (labels: Labels) => Labels;
    /** The model's own scaled series for one of its metrics on `pod`. */
    scaled: (metric: string, pod: string) => Series;
    metricsServer: { namespace: string; deployments: string[] };
    apiService?: string;
    apiServer?: (labels: Labels) => Labels;
}

const selfManagedKsm = (l: Labels): Labels => ({
    job: "kube-state-metrics",
    instance: "10.0.3.7:8080",
    endpoint: "http",
    service: "test-prometheus-kube-state-metrics",
    container: "kube-state-metrics",
    pod: "test-prometheus-kube-state-metrics-6d9f7c-x2k4p",
    namespace: "test-monitoring",
    ...l,
});
const apiServer = (l: Labels): Labels => ({
    job: "apiserver",
    endpoint: "https",
    namespace: "default",
    service: "kubernetes",
    ...l,
});
const selfManagedScaled = (metric: string, pod: string): Series =>
    metric === "gpu_utilization_percent"
        ? {
              name: "dcgm_fi_dev_gpu_util_relabelled",
              labels: { namespace: NS, pod },
              values: `50x${MINUTES}`,
          }
        : {
              name: "vllm:num_requests_running",
              labels: {
                  namespace: NS,
                  pod,
                  service: "test-vllm-metrics",
                  endpoint: "metrics",
                  job: "test-vllm-metrics",
                  inference_autoscaling_model: "test",
                  engine: "0",
              },
              values: `3x${MINUTES}`,
          };
const gmp = { project_id: "p", location: "us-central1", cluster: "c1" };

const SETUPS: Setup[] = [
    {
        name: "self-managed, prometheus-adapter",
        args: baseArgs({ autoscaling: METRICS }),
        modelRules: {
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "test-scaling-alerts",
        },
        platformRules: {
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "test-metrics-server-alerts",
        },
        hpa: "test-vllm",
        ksm: selfManagedKsm,
        scaled: selfManagedScaled,
        metricsServer: { namespace: "test-monitoring", deployments: ["test-prometheus-adapter"] },
        apiService: "v1beta1.custom.metrics.k8s.io",
        apiServer,
    },
    {
        name: "self-managed, KEDA",
        args: baseArgs({ backend: "keda", autoscaling: METRICS }),
        modelRules: {
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "test-scaling-alerts",
        },
        platformRules: {
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "test-metrics-server-alerts",
        },
        hpa: "test-vllm-keda",
        ksm: selfManagedKsm,
        scaled: selfManagedScaled,
        metricsServer: {
            namespace: "test-keda",
            deployments: ["keda-operator", "keda-operator-metrics-apiserver"],
        },
        apiService: "v1beta1.external.metrics.k8s.io",
        apiServer,
    },
    {
        name: "GKE managed collection, Stackdriver adapter",
        args: baseArgs({ ...GKE, autoscaling: METRICS }),
        modelRules: {
            type: "kubernetes:monitoring.googleapis.com/v1:Rules",
            name: "test-scaling-alerts",
        },
        platformRules: {
            type: "kubernetes:monitoring.googleapis.com/v1:ClusterRules",
            name: "test-metrics-server-alerts",
        },
        hpa: "test-vllm",
        ksm: (l) => ({
            ...gmp,
            job: "kube-state-metrics",
            instance: "gke-managed-kube-state-metrics:8080",
            ...l,
        }),
        scaled: (metric, pod) =>
            metric === "gpu_utilization_percent"
                ? {
                      name: "dcgm_fi_dev_gpu_util",
                      labels: { ...gmp, namespace: NS, pod, gpu: "0" },
                      values: `50x${MINUTES}`,
                  }
                : {
                      name: "vllm:num_requests_running",
                      labels: {
                          ...gmp,
                          namespace: NS,
                          pod,
                          job: "vllm-example/test-vllm",
                          instance: `${pod}:8080`,
                          inference_autoscaling_model: "test",
                      },
                      values: `3x${MINUTES}`,
                  },
        metricsServer: {
            namespace: "test-custom-metrics",
            deployments: ["custom-metrics-stackdriver-adapter"],
        },
    },
];

const series = (s: Series) => ({
    series: `${s.name}{${Object.entries(s.labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(",")}}`,
    values: s.values,
});
const steady = (value: number) => `${value}x${MINUTES}`;

/** kube-state-metrics' HPA series: spec, status and every condition with its three statuses (one of them 1). */
function hpaSeries(
    setup: Setup,
    s: { current: number; min?: number; max?: number; scalingActive?: "true" | "false" },
): Series[] {
    const hpa = { namespace: NS, horizontalpodautoscaler: setup.hpa };
    const condition = (name: string, actual: string) =>
        ["true", "false", "unknown"].map((status) => ({
            name: "kube_horizontalpodautoscaler_status_condition",
            labels: setup.ksm({ ...hpa, condition: name, status }),
            values: steady(status === actual ? 1 : 0),
        }));
    return [
        {
            name: "kube_horizontalpodautoscaler_spec_min_replicas",
            labels: setup.ksm(hpa),
            values: steady(s.min ?? 1),
        },
        {
            name: "kube_horizontalpodautoscaler_spec_max_replicas",
            labels: setup.ksm(hpa),
            values: steady(s.max ?? 5),
        },
        {
            name: "kube_horizontalpodautoscaler_status_current_replicas",
            labels: setup.ksm(hpa),
            values: steady(s.current),
        },
        {
            name: "kube_horizontalpodautoscaler_status_desired_replicas",
            labels: setup.ksm(hpa),
            values: steady(s.current),
        },
        ...condition("AbleToScale", "true"),
        ...condition("ScalingActive", s.scalingActive ?? "true"),
        ...condition("ScalingLimited", "false"),
    ];
}

/** kube-state-metrics' pod series: one phase series per phase, container readiness, and `unschedulable` only while PodScheduled is false. */
function podSeries(
    setup: Setup,
    pod: string,
    s: { phase: string; ready?: boolean; unschedulable?: boolean },
): Series[] {
    const labels = { namespace: NS, pod, uid: `uid-${pod}` };
    return [
        ...["Pending", "Succeeded", "Failed", "Unknown", "Running"].map((phase) => ({
            name: "kube_pod_status_phase",
            labels: setup.ksm({ ...labels, phase }),
            values: steady(phase === s.phase ? 1 : 0),
        })),
        ...(s.phase === "Running"
            ? [
                  {
                      name: "kube_pod_container_status_ready",
                      labels: setup.ksm({ ...labels, container: "inference-server" }),
                      values: steady(s.ready ? 1 : 0),
                  },
              ]
            : []),
        ...(s.unschedulable
            ? [
                  {
                      name: "kube_pod_status_unschedulable",
                      labels: setup.ksm(labels),
                      values: steady(1),
                  },
              ]
            : []),
    ];
}

function rulesOf(plan: Plan, where: { type: string; name: string }): AlertGroup[] {
    return plan.inputs(where.type, where.name).spec.groups;
}

/** The alert `name` as promtool reports it for an output series with `labels`: the rule's labels and annotations, templates expanded. */
function expected(groups: AlertGroup[], name: string, labels: Labels, metric?: string) {
    const rule = groups
        .flatMap((g) => g.rules)
        .find((r) => r.alert === name && r.labels.metric === metric);
    expect(rule, `rule ${name} ${metric ?? ""}`).to.not.equal(undefined);
    const all: Labels = { ...labels, ...rule!.labels, alertname: name };
    const expand = (text: string) =>
        text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => all[k] ?? "");
    const { alertname: _alertname, ...expLabels } = all;
    return {
        exp_labels: expLabels,
        exp_annotations: Object.fromEntries(
            Object.entries(rule!.annotations).map(([k, v]) => [k, expand(v)]),
        ),
    };
}

/** Runs promtool: at `at`, alert `name` fires exactly for `outputs` (empty: silent). */
function check(
    groups: AlertGroup[],
    input: Series[],
    at: string,
    name: string,
    outputs: { labels: Labels; metric?: string }[],
) {
    const result = promtoolTestRules({
        groups,
        interval: "1m",
        input: input.map(series),
        alertTests: [
            {
                eval_time: at,
                alertname: name,
                exp_alerts: outputs.map((o) => expected(groups, name, o.labels, o.metric)),
            },
        ],
    });
    expect(result.status, result.output).to.equal(0);
}

const minutes = (duration: string) => Number(/^(\d+)m$/.exec(duration)![1]);
const past = (duration: string) => `${minutes(duration) + 2}m`;
const short = (duration: string) => `${minutes(duration) - 2}m`;

for (const setup of SETUPS) {
    describe(`scaling-loop alerts under promtool: ${setup.name}`, function () {
        this.timeout(120_000);
        let model: AlertGroup[];
        let platform: AlertGroup[];
        before(async () => {
            const plan = await runComponent(setup.args);
            for (const where of [setup.modelRules, setup.platformRules]) {
                expect(
                    await schemaProblems(plan.inputs(where.type, where.name)),
                    where.name,
                ).to.deep.equal([]);
            }
            model = rulesOf(plan, setup.modelRules);
            platform = rulesOf(plan, setup.platformRules);
        });

        it("InferenceHpaMetricsUnavailable: fires when ScalingActive is false, not when true nor at zero replicas", () => {
            const blind = hpaSeries(setup, { current: 2, scalingActive: "false" });
            const falseSeries = blind.find(
                (s) => s.labels.condition === "ScalingActive" && s.labels.status === "false",
            )!;
            check(model, blind, past(ALERT_TIMING.broken), "InferenceHpaMetricsUnavailable", [
                { labels: falseSeries.labels },
            ]);
            check(model, blind, short(ALERT_TIMING.broken), "InferenceHpaMetricsUnavailable", []);
            check(
                model,
                hpaSeries(setup, { current: 2 }),
                past(ALERT_TIMING.broken),
                "InferenceHpaMetricsUnavailable",
                [],
            );
            check(
                model,
                hpaSeries(setup, { current: 0, scalingActive: "false" }),
                past(ALERT_TIMING.broken),
                "InferenceHpaMetricsUnavailable",
                [],
            );
        });

        it(`InferenceHpaAtMaxReplicas: fires after ${ALERT_TIMING.atMax} at maxReplicas, not below it nor when min equals max`, () => {
            const atMax = hpaSeries(setup, { current: 5, max: 5 });
            // Matched `on (namespace, horizontalpodautoscaler)`, the alert keeps just those labels.
            check(model, atMax, past(ALERT_TIMING.atMax), "InferenceHpaAtMaxReplicas", [
                { labels: { namespace: NS, horizontalpodautoscaler: setup.hpa } },
            ]);
            check(model, atMax, short(ALERT_TIMING.atMax), "InferenceHpaAtMaxReplicas", []);
            check(
                model,
                hpaSeries(setup, { current: 4, max: 5 }),
                past(ALERT_TIMING.atMax),
                "InferenceHpaAtMaxReplicas",
                [],
            );
            check(
                model,
                hpaSeries(setup, { current: 3, min: 3, max: 3 }),
                past(ALERT_TIMING.atMax),
                "InferenceHpaAtMaxReplicas",
                [],
            );
        });

        it("InferenceScalingMetricAbsent: fires per scaled metric a ready pod lacks, not when present nor for a pod not ready", () => {
            const ready = podSeries(setup, POD, { phase: "Running", ready: true });
            const at = past(ALERT_TIMING.broken);
            const absent = (metric: string) => ({ labels: { namespace: NS, pod: POD }, metric });
            check(model, ready, at, "InferenceScalingMetricAbsent", [
                absent("vllm_num_requests_running"),
                absent("gpu_utilization_percent"),
            ]);
            const both = [
                setup.scaled("vllm_num_requests_running", POD),
                setup.scaled("gpu_utilization_percent", POD),
            ];
            check(model, [...ready, ...both], at, "InferenceScalingMetricAbsent", []);
            // Another monitor's scrape of the same pod is not the model's: the HPA does not read it.
            const foreign = {
                ...both[0],
                labels: Object.fromEntries(
                    Object.entries(both[0].labels).filter(
                        ([k]) => k !== "inference_autoscaling_model",
                    ),
                ),
            };
            check(model, [...ready, foreign, both[1]], at, "InferenceScalingMetricAbsent", [
                absent("vllm_num_requests_running"),
            ]);
            // Loading the model (not ready yet) a pod serves no metrics, by design.
            check(
                model,
                podSeries(setup, POD, { phase: "Running", ready: false }),
                at,
                "InferenceScalingMetricAbsent",
                [],
            );
        });

        it(`InferenceServerPodsUnschedulable: fires after ${ALERT_TIMING.pending} unschedulable, only for the model's pods`, () => {
            const stuck = [
                ...podSeries(setup, POD, { phase: "Pending", unschedulable: true }),
                ...podSeries(setup, OTHER_POD, { phase: "Pending", unschedulable: true }),
            ];
            check(model, stuck, past(ALERT_TIMING.pending), "InferenceServerPodsUnschedulable", [
                { labels: { namespace: NS, pod: POD } },
            ]);
            check(
                model,
                stuck,
                short(ALERT_TIMING.pending),
                "InferenceServerPodsUnschedulable",
                [],
            );
            check(
                model,
                podSeries(setup, POD, { phase: "Running", ready: true }),
                past(ALERT_TIMING.pending),
                "InferenceServerPodsUnschedulable",
                [],
            );
        });

        it(`InferenceServerPodsPending: fires for a scheduled pod Pending ${ALERT_TIMING.pending}, not for an unschedulable or running one`, () => {
            const at = past(ALERT_TIMING.pending);
            check(
                model,
                podSeries(setup, POD, { phase: "Pending" }),
                at,
                "InferenceServerPodsPending",
                [{ labels: { namespace: NS, pod: POD } }],
            );
            check(
                model,
                podSeries(setup, POD, { phase: "Pending", unschedulable: true }),
                at,
                "InferenceServerPodsPending",
                [],
            );
            check(
                model,
                podSeries(setup, POD, { phase: "Running", ready: true }),
                at,
                "InferenceServerPodsPending",
                [],
            );
        });

        it("InferenceMetricsServerDown: fires for a metrics server Deployment without an available replica, not with one", () => {
            const { namespace, deployments } = setup.metricsServer;
            const available = (deployment: string, n: number): Series => ({
                name: "kube_deployment_status_replicas_available",
                labels: setup.ksm({ namespace, deployment }),
                values: steady(n),
            });
            const at = past(ALERT_TIMING.broken);
            const down = available(deployments[0], 0);
            check(
                platform,
                [down, ...deployments.slice(1).map((d) => available(d, 1))],
                at,
                "InferenceMetricsServerDown",
                [{ labels: down.labels }],
            );
            check(
                platform,
                deployments.map((d) => available(d, 2)),
                at,
                "InferenceMetricsServerDown",
                [],
            );
            // Another Deployment of the same namespace is not the metrics server.
            check(
                platform,
                [available("unrelated", 0), ...deployments.map((d) => available(d, 1))],
                at,
                "InferenceMetricsServerDown",
                [],
            );
        });

        if (setup.apiService && setup.apiServer) {
            const api = setup.apiService;
            const server = setup.apiServer;
            it(`InferenceMetricsApiUnavailable: fires when any API server reports ${api} unavailable, not for another APIService`, () => {
                const gauge = (instance: string, name: string, value: number): Series => ({
                    name: "aggregator_unavailable_apiservice",
                    labels: server({ instance, name }),
                    values: steady(value),
                });
                const at = past(ALERT_TIMING.broken);
                check(
                    platform,
                    [gauge("172.20.0.10:443", api, 1), gauge("172.20.0.11:443", api, 0)],
                    at,
                    "InferenceMetricsApiUnavailable",
                    [{ labels: { name: api } }],
                );
                check(
                    platform,
                    [gauge("172.20.0.10:443", api, 0), gauge("172.20.0.11:443", api, 0)],
                    at,
                    "InferenceMetricsApiUnavailable",
                    [],
                );
                check(
                    platform,
                    [
                        gauge("172.20.0.10:443", "v1beta1.metrics.k8s.io", 1),
                        gauge("172.20.0.10:443", api, 0),
                    ],
                    at,
                    "InferenceMetricsApiUnavailable",
                    [],
                );
            });
        } else {
            it("has no APIService alert: the API server's aggregator metrics are not collected here", () => {
                expect(platform.flatMap((g) => g.rules).map((r) => r.alert)).to.deep.equal([
                    "InferenceMetricsServerDown",
                ]);
            });
        }
    });
}

describe("alerts: false", () => {
    it("makes no alert rule object, for the platform or its model", async () => {
        for (const args of [baseArgs({ alerts: false }), baseArgs({ ...GKE, alerts: false })]) {
            const plan = await runComponent(args);
            expect(plan.keys().filter((k) => k.includes("alerts"))).to.deep.equal([]);
        }
    });
});

describe("the runbook (docs/operations.md)", () => {
    it("has a row for every alert any collection mode emits, and none for an alert that does not exist", async () => {
        const emitted = new Set<string>();
        for (const setup of SETUPS) {
            const plan = await runComponent(setup.args);
            for (const where of [setup.modelRules, setup.platformRules]) {
                rulesOf(plan, where)
                    .flatMap((g) => g.rules)
                    .forEach((r) => emitted.add(r.alert));
            }
        }
        const section = markdownSection("docs/operations.md", "Runbook: scaling-loop alerts");
        const rows = [...section.matchAll(/^\| `(Inference\w+)`/gm)].map((m) => m[1]);
        expect(rows.sort()).to.deep.equal([...emitted].sort());
    });
});
