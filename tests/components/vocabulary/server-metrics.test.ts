/**
 * Other inference servers as catalog data (`server.engine`): a stack scales an SGLang Deployment
 * on its queue, proven with promtool on series shaped as SGLang exposes them (per scheduler, with
 * `model_name` and its ranks) through the emitted prometheus-adapter rule, the GKE recording rule
 * and the KEDA trigger; each collection path follows from the same entries (the PodMonitoring
 * keeps SGLang's series, the dashboard shows SGLang's metrics); a metric the engine does not have
 * is refused, naming the engine, the metric and the allowed ones.
 */
import { expect } from "chai";
import { findInputProblems, InferenceAutoscalingArgs } from "../../../components";
import { promtoolTestRules } from "../../../harness/promtool";
import { renderedStack } from "../../../harness/rendered-stack";
import { renderPodsQuery } from "../../../harness/pipeline/adapter-query";
import { selfManagedPipeline } from "../../../harness/pipeline/topology";
import { desiredReplicas } from "../../../hpa-model/controller";
import { metricsFor } from "../../../components/vocabulary/metrics";
import { baseArgs, runComponent, TYPES } from "../../mocks";

const SGLANG_SERVER = {
    namespace: "llm",
    deploymentName: "sglang-server",
    podLabels: { app: "sglang" },
    metricsPort: 30000,
    engine: "sglang" as const,
};
const sglang = (extra: Partial<InferenceAutoscalingArgs> = {}) =>
    baseArgs({
        server: SGLANG_SERVER,
        autoscaling: { maxReplicas: 8, metrics: [{ name: "sglang_num_queue_reqs", target: 5 }] },
        ...extra,
    });
const POD_A = "sglang-server-6d5f7c8b9-aaaaa";
const POD_B = "sglang-server-6d5f7c8b9-bbbbb";
/** SGLang's scheduler labels: one series per data-parallel rank. */
const ranks = (dp: string) =>
    `model_name="Qwen/Qwen3-0.6B",tp_rank="0",pp_rank="0",dp_rank="${dp}",moe_ep_rank="0"`;

/** Pod A: two data-parallel ranks queue 6 and 4; pod B queues 20. */
function queueSeries(labels: (pod: string) => string) {
    return [
        { series: `sglang:num_queue_reqs{${labels(POD_A)},${ranks("0")}}`, values: "6+0x5" },
        { series: `sglang:num_queue_reqs{${labels(POD_A)},${ranks("1")}}`, values: "4+0x5" },
        { series: `sglang:num_queue_reqs{${labels(POD_B)},${ranks("0")}}`, values: "20+0x5" },
        // vLLM's queue on the same pods is not SGLang's metric.
        {
            series: `vllm:num_requests_waiting{${labels(POD_B)},model_name="m",engine="0"}`,
            values: "99+0x5",
        },
    ];
}

describe("server.engine: SGLang and TGI from the catalog", () => {
    it("a stack scales SGLang on its queue: the adapter serves 10 and 20 per pod, and the HPA wants ceil(30 / 5) = 6 (eks, rendered with --set)", function () {
        this.timeout(300_000);
        const server =
            'inference-autoscaling:server={"namespace":"llm","deploymentName":"sglang-server","podLabels":{"app":"sglang"},"metricsPort":30000,"engine":"sglang"}';
        const autoscaling =
            'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":8,"metrics":[{"name":"sglang_num_queue_reqs","target":5}]}';
        const pipeline = selfManagedPipeline(renderedStack("eks", [server, autoscaling]))!;
        expect(pipeline.hpa.spec.metrics).to.deep.equal([
            {
                type: "Pods",
                pods: {
                    metric: { name: "sglang_num_queue_reqs" },
                    target: { type: "AverageValue", averageValue: "5" },
                },
            },
        ]);
        expect(
            pipeline.vllm.service.spec,
            "the scrape follows SGLang's pods and port",
        ).to.deep.include({ selector: { app: "sglang" } });
        expect(pipeline.vllm.service.spec.ports.map((p: any) => p.targetPort)).to.deep.equal([
            30000,
        ]);
        const rule = pipeline.adapterRules.find((r) => r.name.as === "sglang_num_queue_reqs")!;
        const query = renderPodsQuery(rule, {
            series: "sglang:num_queue_reqs",
            namespace: "llm",
            pods: [POD_A, POD_B],
        });
        const scraped = (pod: string) =>
            `namespace="llm",pod="${pod}",service="inference-vllm-metrics",inference_autoscaling_model="inference"`;
        const result = promtoolTestRules({
            groups: [{ name: "adapter", rules: [{ record: "adapter_answer", expr: query }] }],
            interval: "1m",
            input: queueSeries(scraped),
            exprTests: [
                {
                    expr: "adapter_answer",
                    eval_time: "3m",
                    exp_samples: [
                        { labels: `adapter_answer{pod="${POD_A}"}`, value: 10 },
                        { labels: `adapter_answer{pod="${POD_B}"}`, value: 20 },
                    ],
                },
            ],
        });
        expect(result.status, result.output).to.equal(0);
        const values = new Map([
            [POD_A, 10],
            [POD_B, 20],
        ]);
        expect(
            desiredReplicas({
                pods: [POD_A, POD_B],
                minReplicas: 1,
                maxReplicas: 8,
                metrics: [{ target: 5, values }],
            }),
        ).to.equal(6);
    });

    it("GKE: the PodMonitoring keeps SGLang's series, and the model's Rules record its queue per pod (promtool)", async () => {
        const plan = await runComponent(
            sglang({
                cloud: "gke",
                gke: { project: "p", location: "us-central1", clusterName: "c1" },
            }),
        );
        const keep = plan.inputs(TYPES.podMonitoring, "test-vllm").spec.endpoints[0]
            .metricRelabeling[0].regex;
        const kept = (name: string) => new RegExp(`^(?:${keep})$`).test(name);
        // Only the series of the metric it scales on: Cloud Monitoring bills every sample.
        expect(kept("sglang:num_queue_reqs")).to.equal(true);
        expect(
            [
                "sglang:num_running_reqs",
                "sglang:token_usage",
                "sglang:time_to_first_token_seconds_bucket",
                "sglang:queue_time_seconds_count",
                "vllm:num_requests_waiting",
                "sglang:gen_throughput",
            ].filter(kept),
        ).to.deep.equal([]);
        const rules = plan.inputs("kubernetes:monitoring.googleapis.com/v1:Rules", "test-scaling");
        const gmp = (pod: string) =>
            `project_id="p",location="us-central1",cluster="c1",namespace="llm",pod="${pod}",job="llm/test-vllm",inference_autoscaling_model="test"`;
        const result = promtoolTestRules({
            groups: rules.spec.groups,
            interval: "1m",
            input: queueSeries(gmp),
            exprTests: [
                {
                    expr: "inference_autoscaling:sglang_num_queue_reqs",
                    eval_time: "3m",
                    exp_samples: [
                        {
                            labels: `inference_autoscaling:sglang_num_queue_reqs{namespace="llm",pod="${POD_A}"}`,
                            value: 10,
                        },
                        {
                            labels: `inference_autoscaling:sglang_num_queue_reqs{namespace="llm",pod="${POD_B}"}`,
                            value: 20,
                        },
                    ],
                },
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });

    it("KEDA: the SGLang queue trigger totals the model's pods as an AverageValue (promtool)", async () => {
        const plan = await runComponent(sglang({ backend: "keda" }));
        const [trigger] = plan.inputs("kubernetes:keda.sh/v1alpha1:ScaledObject", "test-vllm").spec
            .triggers;
        expect([trigger.name, trigger.metricType, trigger.metadata.threshold]).to.deep.equal([
            "sglang_num_queue_reqs",
            "AverageValue",
            "5",
        ]);
        const scraped = (pod: string) => `namespace="llm",pod="${pod}",service="test-vllm-metrics"`;
        const result = promtoolTestRules({
            groups: [
                { name: "keda", rules: [{ record: "queue_total", expr: trigger.metadata.query }] },
            ],
            interval: "1m",
            input: queueSeries(scraped),
            exprTests: [
                {
                    expr: "queue_total",
                    eval_time: "3m",
                    exp_samples: [{ labels: "queue_total", value: 30 }],
                },
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });

    it("scales each engine on its running batch by default, and shows the engine's metrics on the dashboard", async () => {
        const running = async (engine: "sglang" | "tgi") =>
            (await runComponent(baseArgs({ server: { ...SGLANG_SERVER, engine } }))).inputs(
                TYPES.hpa,
                "test-vllm",
            ).spec.metrics[0].pods.metric.name;
        expect([await running("sglang"), await running("tgi")]).to.deep.equal([
            "sglang_num_running_reqs",
            "tgi_batch_current_size",
        ]);
        const grafana = { prometheus: { grafana: true, grafanaAdminPassword: "x" } };
        const dashboard = JSON.parse(
            (await runComponent(sglang(grafana))).inputs(
                "kubernetes:core/v1:ConfigMap",
                "test-dashboard",
            ).data["inference-autoscaling.json"],
        );
        const titles: string[] = dashboard.panels.map((p: any) => p.title.split(":")[0]);
        expect(titles).to.deep.equal([
            ...metricsFor("sglang").map((m) => m.name),
            "HPA replicas",
            "Scaling-loop alerts firing",
        ]);
    });

    describe("refuses a metric the engine does not have, and deploying another server", () => {
        const cases: {
            case: string;
            args: InferenceAutoscalingArgs;
            path: string;
            reason: string;
        }[] = [
            {
                case: "vLLM's queue on SGLang",
                args: sglang({ autoscaling: { metrics: [{ name: "vllm_num_requests_waiting" }] } }),
                path: "autoscaling.metrics[0].name",
                reason:
                    'autoscaling.metrics[0].name is "vllm_num_requests_waiting", a vllm metric, but server.engine is "sglang", whose pods do not report it; use one of: ' +
                    "sglang_num_running_reqs, sglang_num_queue_reqs, sglang_num_queue_reqs_growth, sglang_token_usage, sglang_time_to_first_token_p95_seconds, " +
                    "sglang_queue_time_p95_seconds, gpu_utilization_percent",
            },
            {
                case: "KV-cache use on TGI, which exposes none",
                args: baseArgs({
                    server: { ...SGLANG_SERVER, engine: "tgi" },
                    autoscaling: { metrics: [{ name: "sglang_token_usage" }] },
                }),
                path: "autoscaling.metrics[0].name",
                reason:
                    'autoscaling.metrics[0].name is "sglang_token_usage", a sglang metric, but server.engine is "tgi", whose pods do not report it; use one of: ' +
                    "tgi_batch_current_size, tgi_queue_size, tgi_queue_size_growth, tgi_request_queue_duration_p95_seconds, gpu_utilization_percent",
            },
            {
                case: "server.deploy with SGLang",
                args: sglang({ server: { ...SGLANG_SERVER, deploy: {} } }),
                path: "server.deploy",
                reason: 'server.deploy is set but server.engine is "sglang"; the component deploys vLLM only: deploy your sglang server yourself and leave server.deploy out',
            },
            {
                case: "an unknown engine",
                args: baseArgs({ server: { ...SGLANG_SERVER, engine: "ollama" as never } }),
                path: "server.engine",
                reason: 'server.engine is "ollama" (a string); it must be one of: vllm, sglang, tgi',
            },
        ];
        for (const c of cases) {
            it(`rejects ${c.case}`, () => {
                expect(findInputProblems("test", c.args)).to.deep.equal([
                    { propertyPath: c.path, reason: c.reason },
                ]);
            });
        }
    });
});
