/**
 * The latency and queue-growth metrics, evaluated by promtool on series shaped as vLLM exposes
 * them (its histogram bounds, `model_name` and `engine` labels, `le` as prometheus_client writes it)
 * and as each collection path stores them: the GKE recording rules, the prometheus-adapter query
 * of a rendered stack scaling on p95 TTFT with a target in seconds, and the KEDA trigger.
 *
 * Every 15 s step each pod gets the same observations, so a window's percentile is known by hand:
 * - pod A, two engines: engine 0 60 % at 0.2 s, engine 1 20 % at 0.6 s and 20 % at 3 s. Merged,
 *   rank 95 of 100 lies in the (2.5, 5] bucket, 15 of its 20 in: 2.5 + 2.5 x 15/20 = 4.375 s (the
 *   engines' own p95s, 0.2425 and 4.75, would give neither their mean nor their max);
 * - pod B: half at 0.2 s, half at 0.6 s: rank 19 of 20 in (0.5, 0.75], 9 of 10 in: 0.725 s;
 * - pod C: no request at all: 0, not NaN.
 */
import { expect } from "chai";
import { promtoolTestRules } from "../../harness/promtool";
import { renderedStack } from "../../harness/rendered-stack";
import { renderPodsQuery } from "../../harness/pipeline/adapter-query";
import { selfManagedPipeline } from "../../harness/pipeline/topology";
import { histogramSeries, times } from "../../harness/pipeline/vllm-histogram";
import { desiredReplicas } from "../../hpa-model/controller";
import {
    getMetric,
    VLLM_REQUEST_LATENCY_BUCKETS,
    VLLM_TTFT_BUCKETS,
} from "../../components/vocabulary/metrics";
import { baseArgs, runComponent } from "../mocks";

const TTFT = "vllm:time_to_first_token_seconds";
const QUEUE = "vllm:request_queue_time_seconds";
const STEPS = 30;
const MODEL = 'model_name="google/gemma-3-1b-it"';

/** pod A's and B's TTFT observations per step, per engine, as described above. */
function ttftSeries(
    labels: (pod: string, engine: string) => string,
    pods: { a: string; b: string; c: string },
) {
    return [
        ...histogramSeries(TTFT, labels(pods.a, "0"), VLLM_TTFT_BUCKETS, times(15, 0.2), STEPS),
        ...histogramSeries(
            TTFT,
            labels(pods.a, "1"),
            VLLM_TTFT_BUCKETS,
            [...times(5, 0.6), ...times(5, 3)],
            STEPS,
        ),
        ...histogramSeries(
            TTFT,
            labels(pods.b, "0"),
            VLLM_TTFT_BUCKETS,
            [...times(10, 0.2), ...times(10, 0.6)],
            STEPS,
        ),
        ...histogramSeries(TTFT, labels(pods.c, "0"), VLLM_TTFT_BUCKETS, [], STEPS),
    ];
}

/** `expr` per sample to 4 decimals: the percentile's arithmetic on rates is exact only to rounding. */
const rounded = (expr: string) => `round(${expr}, 0.0001)`;

describe("latency and queue-growth metrics (promtool on vLLM-shaped series)", () => {
    it("checks the catalog against vLLM's own histograms", () => {
        const ttft = getMetric("vllm_time_to_first_token_p95_seconds");
        const queue = getMetric("vllm_request_queue_time_p95_seconds");
        expect([ttft.series, queue.series]).to.deep.equal([[TTFT], [QUEUE]]);
        expect([ttft.read, queue.read]).to.deep.equal([
            { kind: "quantile", quantile: 0.95, window: "1m", buckets: VLLM_TTFT_BUCKETS },
            {
                kind: "quantile",
                quantile: 0.95,
                window: "1m",
                buckets: VLLM_REQUEST_LATENCY_BUCKETS,
            },
        ]);
        expect([
            ttft.unit,
            queue.unit,
            getMetric("vllm_num_requests_waiting_growth").unit,
        ]).to.deep.equal(["seconds", "seconds", "requests/s"]);
    });

    it("GKE: the model's Rules record each pod's merged p95, 0 for an idle pod, and the queue's growth, from its own scrape only", async () => {
        const plan = await runComponent(
            baseArgs({
                cloud: "gke",
                gke: { project: "p", location: "us-central1", clusterName: "c1" },
                autoscaling: {
                    metrics: [
                        { name: "vllm_time_to_first_token_p95_seconds" },
                        { name: "vllm_request_queue_time_p95_seconds" },
                        { name: "vllm_num_requests_waiting_growth" },
                    ],
                },
            }),
        );
        const rules = plan.inputs("kubernetes:monitoring.googleapis.com/v1:Rules", "test-scaling");
        const pods = {
            a: "vllm-gemma-deployment-7d9c4fb8c-aaaaa",
            b: "vllm-gemma-deployment-7d9c4fb8c-bbbbb",
            c: "vllm-gemma-deployment-7d9c4fb8c-ccccc",
        };
        const gmp = (pod: string) =>
            `project_id="p",location="us-central1",cluster="c1",namespace="vllm-example",pod="${pod}"`;
        const own = (pod: string, engine: string) =>
            `${gmp(pod)},job="vllm-example/test-vllm",inference_autoscaling_model="test",${MODEL},engine="${engine}"`;
        const input = [
            ...ttftSeries(own, pods),
            // A team's own scrape of pod A, all fast: were it counted, pod A's p95 would drop.
            ...histogramSeries(
                TTFT,
                `${gmp(pods.a)},job="team/own",${MODEL},engine="0"`,
                VLLM_TTFT_BUCKETS,
                times(500, 0.05),
                STEPS,
            ),
            // Queue time of finished requests: 18 of 20 at 0.2 s, 2 at 1.2 s: rank 19 in (1, 1.5], 1 of 2 in: 1.25 s.
            ...histogramSeries(
                QUEUE,
                own(pods.a, "0"),
                VLLM_REQUEST_LATENCY_BUCKETS,
                [...times(18, 0.2), ...times(2, 1.2)],
                STEPS,
            ),
            // Pod A's queue grows by 3 every 15 s on one engine (0.2/s); pod B's drains (clamped to 0).
            { series: `vllm:num_requests_waiting{${own(pods.a, "0")}}`, values: `0+3x${STEPS}` },
            { series: `vllm:num_requests_waiting{${own(pods.a, "1")}}`, values: `10+0x${STEPS}` },
            { series: `vllm:num_requests_waiting{${own(pods.b, "0")}}`, values: `40-1x${STEPS}` },
        ];
        const at = (record: string, values: Record<string, number>) => ({
            expr: rounded(`inference_autoscaling:${record}`),
            eval_time: "5m",
            exp_samples: Object.entries(values).map(([pod, value]) => ({
                labels: `{namespace="vllm-example",pod="${pod}"}`,
                value,
            })),
        });
        const result = promtoolTestRules({
            groups: rules.spec.groups,
            interval: "15s",
            input,
            exprTests: [
                at("vllm_time_to_first_token_p95_seconds", {
                    [pods.a]: 4.375,
                    [pods.b]: 0.725,
                    [pods.c]: 0,
                }),
                at("vllm_request_queue_time_p95_seconds", { [pods.a]: 1.25 }),
                at("vllm_num_requests_waiting_growth", { [pods.a]: 0.2, [pods.b]: 0 }),
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });

    describe("a stack scaling vLLM on p95 TTFT with a target in seconds (eks, rendered with --set)", () => {
        const set =
            'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":6,"metrics":[{"name":"vllm_time_to_first_token_p95_seconds","target":1.5}]}';

        it("the HPA holds 1.5 s as 1500m; the adapter serves each pod's p95, and the HPA wants ceil((4.375 + 0.725 + 0) / 1.5) = 4 replicas", function () {
            this.timeout(300_000);
            const pipeline = selfManagedPipeline(renderedStack("eks", [set]))!;
            expect(pipeline.hpa.spec.metrics).to.deep.equal([
                {
                    type: "Pods",
                    pods: {
                        metric: { name: "vllm_time_to_first_token_p95_seconds" },
                        target: { type: "AverageValue", averageValue: "1500m" },
                    },
                },
            ]);
            const rule = pipeline.adapterRules.find(
                (r) => r.name.as === "vllm_time_to_first_token_p95_seconds",
            )!;
            const namespace = pipeline.hpa.metadata.namespace as string;
            const deployment = pipeline.hpa.spec.scaleTargetRef.name as string;
            const pods = {
                a: `${deployment}-7d9c4-aaaaa`,
                b: `${deployment}-7d9c4-bbbbb`,
                c: `${deployment}-7d9c4-ccccc`,
            };
            // As the ServiceMonitor stores them: the pod's labels, the Service's and the model's scrape label.
            const scraped = (pod: string, engine: string) =>
                `namespace="${namespace}",pod="${pod}",service="inference-vllm-metrics",job="inference-vllm-metrics",inference_autoscaling_model="inference",${MODEL},engine="${engine}"`;
            const query = renderPodsQuery(rule, {
                series: `${TTFT}_bucket`,
                namespace,
                pods: Object.values(pods),
            });
            const result = promtoolTestRules({
                groups: [{ name: "adapter", rules: [{ record: "adapter_answer", expr: query }] }],
                interval: "15s",
                input: ttftSeries(scraped, pods),
                exprTests: [
                    {
                        expr: rounded("adapter_answer"),
                        eval_time: "5m",
                        exp_samples: [
                            { labels: `{pod="${pods.a}"}`, value: 4.375 },
                            { labels: `{pod="${pods.b}"}`, value: 0.725 },
                            { labels: `{pod="${pods.c}"}`, value: 0 },
                        ],
                    },
                ],
            });
            expect(result.status, result.output).to.equal(0);
            const values = new Map([
                [pods.a, 4.375],
                [pods.b, 0.725],
                [pods.c, 0],
            ]);
            expect(
                desiredReplicas({
                    pods: Object.values(pods),
                    minReplicas: 1,
                    maxReplicas: 6,
                    metrics: [{ target: 1.5, values }],
                }),
            ).to.equal(4);
        });
    });

    it("KEDA: the TTFT trigger averages the pods' p95 as a Value against 1500m, the growth trigger totals the pods' growth", async () => {
        const plan = await runComponent(
            baseArgs({
                backend: "keda",
                autoscaling: {
                    metrics: [
                        { name: "vllm_time_to_first_token_p95_seconds", target: 1.5 },
                        { name: "vllm_num_requests_waiting_growth", target: 0.5 },
                    ],
                },
            }),
        );
        const [ttft, growth] = plan.inputs("kubernetes:keda.sh/v1alpha1:ScaledObject", "test-vllm")
            .spec.triggers;
        expect([
            ttft.metricType,
            ttft.metadata.threshold,
            growth.metricType,
            growth.metadata.threshold,
        ]).to.deep.equal(["Value", "1500m", "AverageValue", "500m"]);
        const pods = {
            a: "vllm-gemma-deployment-7d9c4fb8c-aaaaa",
            b: "vllm-gemma-deployment-7d9c4fb8c-bbbbb",
            c: "vllm-gemma-deployment-7d9c4fb8c-ccccc",
        };
        const scraped = (pod: string, engine: string) =>
            `namespace="vllm-example",pod="${pod}",service="test-vllm-metrics",inference_autoscaling_model="test",${MODEL},engine="${engine}"`;
        const result = promtoolTestRules({
            groups: [
                {
                    name: "keda",
                    rules: [
                        { record: "ttft_trigger", expr: ttft.metadata.query },
                        { record: "growth_trigger", expr: growth.metadata.query },
                    ],
                },
            ],
            interval: "15s",
            input: [
                ...ttftSeries(scraped, pods),
                {
                    series: `vllm:num_requests_waiting{${scraped(pods.a, "0")}}`,
                    values: `0+3x${STEPS}`,
                },
                {
                    series: `vllm:num_requests_waiting{${scraped(pods.b, "0")}}`,
                    values: `0+6x${STEPS}`,
                },
                // Another Service's pod, queue racing: not the model's.
                {
                    series: `vllm:num_requests_waiting{namespace="vllm-example",pod="other-5f6d7-zzzzz",service="other",${MODEL},engine="0"}`,
                    values: `0+60x${STEPS}`,
                },
            ],
            exprTests: [
                // (4.375 + 0.725 + 0) / 3 pods
                {
                    expr: rounded("ttft_trigger"),
                    eval_time: "5m",
                    exp_samples: [{ labels: "{}", value: 1.7 }],
                },
                // 0.2/s + 0.4/s
                {
                    expr: rounded("growth_trigger"),
                    eval_time: "5m",
                    exp_samples: [{ labels: "{}", value: 0.6 }],
                },
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });
});
