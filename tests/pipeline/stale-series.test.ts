/**
 * A deleted pod's series must not hold replicas up. Prometheus ends a vanished target's series with
 * a staleness marker at once; where no marker is written (a restart of the scraper, a lost node),
 * a series is still read for the 5-minute lookback after its last sample, then no more. promtool
 * evaluates the emitted queries on series that stop both ways: KEDA's total (what it divides by
 * the replicas), prometheus-adapter's per-pod query, and a latency percentile's window.
 */
import { expect } from "chai";
import { promtoolTestRules } from "../../harness/promtool";
import { renderPodsQuery } from "../../harness/pipeline/adapter-query";
import { histogramSeries, times } from "../../harness/pipeline/vllm-histogram";
import { adapterRule } from "../../components/monitoring/prometheus-adapter";
import { getMetric, VLLM_TTFT_BUCKETS } from "../../components/vocabulary/metrics";
import { baseArgs, runComponent } from "../mocks";

const POD = (suffix: string) => `vllm-gemma-deployment-7d9c4fb8c-${suffix}`;
const LIVE = POD("aaaaa");
const MARKED = POD("bbbbb");
const UNMARKED = POD("ccccc");
const labels = (pod: string) =>
    `namespace="vllm-example",pod="${pod}",service="test-vllm-metrics",inference_autoscaling_model="test",model_name="m",engine="0"`;

describe("series of deleted pods stop counting (promtool)", () => {
    it("KEDA's total drops a deleted pod at its staleness marker, or 5 min after its last sample without one", async () => {
        const plan = await runComponent(
            baseArgs({
                backend: "keda",
                autoscaling: {
                    metrics: [
                        { name: "vllm_num_requests_running", target: 4 },
                        { name: "vllm_time_to_first_token_p95_seconds", target: 1 },
                    ],
                },
            }),
        );
        const [running, ttft] = plan
            .inputs("kubernetes:keda.sh/v1alpha1:ScaledObject", "test-vllm")
            .spec.triggers.map((t: any) => t.metadata.query);
        // Samples every minute; both deleted pods' last sample is at 4 m.
        const input = [
            { series: `vllm:num_requests_running{${labels(LIVE)}}`, values: "4+0x20" },
            { series: `vllm:num_requests_running{${labels(MARKED)}}`, values: "8+0x4 stale" },
            { series: `vllm:num_requests_running{${labels(UNMARKED)}}`, values: "8+0x4" },
            ...histogramSeries(
                "vllm:time_to_first_token_seconds",
                labels(LIVE),
                VLLM_TTFT_BUCKETS,
                times(10, 0.6),
                20,
            ),
            // A deleted pod that was slow: its percentile must leave the average too.
            ...histogramSeries(
                "vllm:time_to_first_token_seconds",
                labels(UNMARKED),
                VLLM_TTFT_BUCKETS,
                times(10, 30),
                4,
            ),
        ];
        const total = (at: string, value: number) => ({
            expr: "running_total",
            eval_time: at,
            exp_samples: [{ labels: "running_total", value }],
        });
        const result = promtoolTestRules({
            groups: [
                {
                    name: "keda",
                    rules: [
                        { record: "running_total", expr: running },
                        { record: "ttft_average", expr: ttft },
                    ],
                },
            ],
            interval: "1m",
            input,
            exprTests: [
                total("3m", 20),
                total("5m", 12),
                total("8m", 12),
                total("10m", 4),
                // p95 in (0.5, 0.75]: 0.5 + 0.25 x 0.95 = 0.7375, once the slow pod's last minute is over.
                {
                    expr: "round(ttft_average, 0.0001)",
                    eval_time: "10m",
                    exp_samples: [{ labels: "{}", value: 0.7375 }],
                },
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });

    it("prometheus-adapter's per-pod query returns nothing for a deleted pod once its series is stale", () => {
        const rule = adapterRule(getMetric("vllm_num_requests_running"));
        const query = renderPodsQuery(rule, {
            series: "vllm:num_requests_running",
            namespace: "vllm-example",
            pods: [LIVE, MARKED, UNMARKED],
        });
        const at = (time: string, pods: Record<string, number>) => ({
            expr: "adapter_answer",
            eval_time: time,
            exp_samples: Object.entries(pods).map(([pod, value]) => ({
                labels: `adapter_answer{pod="${pod}"}`,
                value,
            })),
        });
        const result = promtoolTestRules({
            groups: [{ name: "adapter", rules: [{ record: "adapter_answer", expr: query }] }],
            interval: "1m",
            input: [
                { series: `vllm:num_requests_running{${labels(LIVE)}}`, values: "4+0x20" },
                { series: `vllm:num_requests_running{${labels(MARKED)}}`, values: "8+0x4 stale" },
                { series: `vllm:num_requests_running{${labels(UNMARKED)}}`, values: "8+0x4" },
            ],
            exprTests: [at("5m", { [LIVE]: 4, [UNMARKED]: 8 }), at("10m", { [LIVE]: 4 })],
        });
        expect(result.status, result.output).to.equal(0);
    });
});
