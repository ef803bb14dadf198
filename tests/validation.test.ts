import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems, InferenceAutoscaling, InferenceAutoscalingArgs } from "../components";
import { startMockEngine } from "../scripts/mock-engine";
import { baseArgs } from "./mocks";

interface Row {
    case: string;
    args: InferenceAutoscalingArgs;
    name?: string;
    path: string;
    reason: string;
}

const server = baseArgs().server;

const ROWS: Row[] = [
    {
        case: "minReplicas below 1",
        args: baseArgs({ autoscaling: { minReplicas: 0 } }),
        path: "autoscaling.minReplicas",
        reason: "autoscaling.minReplicas is 0; it must be a whole number of at least 1 (an HPA cannot scale to zero)",
    },
    {
        case: "maxReplicas below minReplicas",
        args: baseArgs({ autoscaling: { minReplicas: 4, maxReplicas: 2 } }),
        path: "autoscaling.maxReplicas",
        reason: "autoscaling.maxReplicas is 2; it must be a whole number of at least minReplicas (4)",
    },
    {
        case: "empty metric list",
        args: baseArgs({ autoscaling: { metrics: [] } }),
        path: "autoscaling.metrics",
        reason:
            "autoscaling.metrics is empty; list at least one of: vllm_num_requests_running, vllm_num_requests_waiting, " +
            "vllm_kv_cache_usage_perc, gpu_utilization_percent",
    },
    {
        case: "unknown metric",
        args: baseArgs({ autoscaling: { metrics: [{ name: "vllm:num_requests_running" as never }] } }),
        path: "autoscaling.metrics[0].name",
        reason:
            'autoscaling.metrics[0].name is "vllm:num_requests_running"; it must be one of: vllm_num_requests_running, ' +
            "vllm_num_requests_waiting, vllm_kv_cache_usage_perc, gpu_utilization_percent",
    },
    {
        case: "target of zero",
        args: baseArgs({ autoscaling: { metrics: [{ name: "vllm_num_requests_running", target: 0 }] } }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 0; it must be a number greater than 0",
    },
    {
        case: "GPU utilisation above 100",
        args: baseArgs({ autoscaling: { metrics: [{ name: "gpu_utilization_percent", target: 120 }] } }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 120; gpu_utilization_percent is a percentage, so it must be from 1 to 100",
    },
    {
        case: "KV-cache fraction above 1",
        args: baseArgs({ autoscaling: { metrics: [{ name: "vllm_kv_cache_usage_perc", target: 80 }] } }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 80; vllm_kv_cache_usage_perc is a fraction, so it must be above 0 and at most 1",
    },
    {
        case: "namespace not a DNS-1123 label",
        args: baseArgs({ server: { ...server, namespace: "VLLM_Example" } }),
        path: "server.namespace",
        reason:
            'server.namespace is "VLLM_Example"; it must be a DNS-1123 label: lower-case letters, digits and \'-\', ' +
            "starting and ending with a letter or digit, at most 63 characters",
    },
    {
        case: "metrics port out of range",
        args: baseArgs({ server: { ...server, metricsPort: 70000 } }),
        path: "server.metricsPort",
        reason: "server.metricsPort is 70000; it must be a whole number from 1 to 65535",
    },
    {
        case: "component name too long for the chart's 26-character fullname",
        name: "a-very-long-component-name",
        args: baseArgs(),
        path: "name",
        reason:
            'name is "a-very-long-component-name"; it must be a DNS-1123 label: lower-case letters, digits and \'-\', ' +
            "starting and ending with a letter or digit, at most 22 characters",
    },
    {
        case: "managed collection off GKE",
        args: baseArgs({ cloud: "eks", collection: "gke-managed" }),
        path: "collection",
        reason:
            'collection is "gke-managed" but cloud is "eks"; Managed Service for Prometheus exists only on GKE: use "self-managed" on eks',
    },
    {
        case: "own Prometheus without its URL",
        args: baseArgs({ prometheus: { install: false } }),
        path: "prometheus.url",
        reason: "prometheus.url is not set but prometheus.install is false; prometheus-adapter needs the URL of the Prometheus you run",
    },
    {
        case: "GPU metric with no DCGM exporter",
        args: baseArgs({
            dcgmExporter: { install: false },
            autoscaling: { metrics: [{ name: "gpu_utilization_percent" }] },
        }),
        path: "dcgmExporter",
        reason:
            "a GPU metric is in autoscaling.metrics but dcgmExporter.install is false and dcgmExporter.existing is not set; " +
            "install the exporter or describe the one you run",
    },
];

describe("input validation", () => {
    for (const row of ROWS) {
        it(`rejects ${row.case}`, () => {
            expect(findInputProblems(row.name ?? "test", row.args)).to.deep.equal([
                { propertyPath: row.path, reason: row.reason },
            ]);
        });
    }

    it("accepts the seeds' setup", () => {
        expect(findInputProblems("inference", baseArgs())).to.deep.equal([]);
    });

    it("reports every problem at once, before registering anything", () => {
        const engine = startMockEngine({ project: "tests", stack: "unit" });
        const args = baseArgs({ autoscaling: { minReplicas: 0, metrics: [] } });
        let thrown: unknown;
        try {
            new InferenceAutoscaling("test", args);
        } catch (err) {
            thrown = err;
        }
        expect(pulumi.InputPropertiesError.isInstance(thrown)).to.equal(true);
        const errors = (thrown as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath);
        expect(errors).to.deep.equal(["autoscaling.minReplicas", "autoscaling.metrics"]);
        expect(engine.resources.filter((r) => r.type !== "inference-autoscaling:index:InferenceAutoscaling")).to.deep.equal([]);
    });
});
