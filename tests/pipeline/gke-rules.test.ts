/**
 * GKE managed collection: the Stackdriver adapter adds up every series of a pod, so each model's
 * GMP `Rules` record one series per pod with the catalog's aggregation, from the model's own scrape.
 * promtool runs the emitted rules on series shaped as Managed Service for Prometheus stores them
 * (project, location, cluster labels; a pod with two engines; a second scrape of the same pods; a
 * pod with two GPUs).
 */
import { expect } from "chai";
import { promtoolTestRules } from "../../harness/promtool";
import { schemaProblems } from "../schema/object-schemas";
import { baseArgs, runComponent } from "../mocks";

const GKE = {
    cloud: "gke" as const,
    gke: { project: "p", location: "us-central1", clusterName: "c1" },
};
const RULES = "kubernetes:monitoring.googleapis.com/v1:Rules";
const POD = "vllm-gemma-deployment-7d9c4fb8c-abcde";

describe("GKE managed collection: per-pod recording rules (promtool)", () => {
    it("records each scaling metric per pod with the catalog's aggregation, counting only the model's own scrape", async () => {
        const plan = await runComponent(
            baseArgs({
                ...GKE,
                autoscaling: {
                    metrics: [
                        { name: "vllm_num_requests_running" },
                        { name: "vllm_kv_cache_usage_perc" },
                        { name: "gpu_utilization_percent" },
                    ],
                },
            }),
        );
        const rules = plan.inputs(RULES, "test-scaling");
        expect(
            rules.metadata.namespace,
            "GMP scopes Rules to their namespace: the model's",
        ).to.equal("vllm-example");
        expect(await schemaProblems(rules)).to.deep.equal([]);

        const gmp = `project_id="p",location="us-central1",cluster="c1",namespace="vllm-example",pod="${POD}"`;
        const own = `${gmp},job="vllm-example/test-vllm",inference_autoscaling_model="test"`;
        const input = [
            // Two engines in one pod: requests add up, KV-cache use is the fuller engine's.
            { series: `vllm:num_requests_running{${own},engine="0"}`, values: "3+0x5" },
            { series: `vllm:num_requests_running{${own},engine="1"}`, values: "5+0x5" },
            { series: `vllm:kv_cache_usage_perc{${own},engine="0"}`, values: "0.2+0x5" },
            { series: `vllm:kv_cache_usage_perc{${own},engine="1"}`, values: "0.7+0x5" },
            // A team's own PodMonitoring over the same pods: not the model's scrape, never counted.
            {
                series: `vllm:num_requests_running{${gmp},job="team/own",engine="0"}`,
                values: "100+0x5",
            },
            // A pod with two GPUs: its utilisation is their average.
            { series: `dcgm_fi_dev_gpu_util{${gmp},gpu="0"}`, values: "40+0x5" },
            { series: `dcgm_fi_dev_gpu_util{${gmp},gpu="1"}`, values: "60+0x5" },
        ];
        const expectAt = (record: string, value: number) => ({
            expr: record,
            eval_time: "2m",
            exp_samples: [{ labels: `${record}{namespace="vllm-example",pod="${POD}"}`, value }],
        });
        const result = promtoolTestRules({
            groups: rules.spec.groups,
            interval: "1m",
            input,
            exprTests: [
                expectAt("inference_autoscaling:vllm_num_requests_running", 8),
                expectAt("inference_autoscaling:vllm_kv_cache_usage_perc", 0.7),
                expectAt("inference_autoscaling:gpu_utilization_percent", 50),
            ],
        });
        expect(result.status, result.output).to.equal(0);
    });
});
