import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    findInputProblems,
    InferenceAutoscaling,
    InferenceAutoscalingArgs,
    inputWarnings,
} from "../../components";
import { startMockEngine } from "../../harness/mock-engine";
import { baseArgs } from "../mocks";

interface Row {
    case: string;
    args: InferenceAutoscalingArgs;
    name?: string;
    path: string;
    reason: string;
}

const server = baseArgs().server;
const GKE = {
    cloud: "gke" as const,
    gke: {
        project: "p",
        location: "us-central1",
        clusterName: "c",
        nodeLocations: ["us-central1-a"],
    },
};
const EKS = { cloud: "eks" as const, eks: { clusterName: "c", subnetIds: ["subnet-1"] } };

const ROWS: Row[] = [
    {
        case: "minReplicas of 0 with the adapter backend",
        args: baseArgs({ autoscaling: { minReplicas: 0 } }),
        path: "autoscaling.minReplicas",
        reason:
            'autoscaling.minReplicas is 0 but backend is "prometheus-adapter"; an HPA cannot scale to zero: ' +
            'use backend "keda" for scale to zero, or a minimum of at least 1',
    },
    {
        case: "maxReplicas below minReplicas",
        args: baseArgs({ autoscaling: { minReplicas: 4, maxReplicas: 2 } }),
        path: "autoscaling.maxReplicas",
        reason: "autoscaling.maxReplicas is 2; it must be a whole number of at least 1 and at least minReplicas (4)",
    },
    {
        case: "empty metric list",
        args: baseArgs({ autoscaling: { metrics: [] } }),
        path: "autoscaling.metrics",
        reason:
            "autoscaling.metrics is empty; list at least one of: vllm_num_requests_running, vllm_num_requests_waiting, " +
            "vllm_kv_cache_usage_perc, vllm_num_requests_waiting_growth, vllm_time_to_first_token_p95_seconds, " +
            "vllm_request_queue_time_p95_seconds, gpu_utilization_percent",
    },
    {
        case: "unknown metric",
        args: baseArgs({
            autoscaling: { metrics: [{ name: "vllm:num_requests_running" as never }] },
        }),
        path: "autoscaling.metrics[0].name",
        reason:
            'autoscaling.metrics[0].name is "vllm:num_requests_running"; it must be one of: vllm_num_requests_running, ' +
            "vllm_num_requests_waiting, vllm_kv_cache_usage_perc, vllm_num_requests_waiting_growth, " +
            "vllm_time_to_first_token_p95_seconds, vllm_request_queue_time_p95_seconds, gpu_utilization_percent",
    },
    {
        case: "target of zero",
        args: baseArgs({
            autoscaling: { metrics: [{ name: "vllm_num_requests_running", target: 0 }] },
        }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 0; it must be a number greater than 0",
    },
    {
        case: "negative latency target",
        args: baseArgs({
            autoscaling: {
                metrics: [{ name: "vllm_time_to_first_token_p95_seconds", target: -0.5 }],
            },
        }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is -0.5; it must be a number greater than 0",
    },
    {
        case: "latency target below a milli-unit (it would be written as 0)",
        args: baseArgs({
            autoscaling: {
                metrics: [{ name: "vllm_time_to_first_token_p95_seconds", target: 0.0004 }],
            },
        }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 0.0004; it must be at least 0.001 (vllm_time_to_first_token_p95_seconds is in seconds)",
    },
    {
        case: "GPU utilisation above 100",
        args: baseArgs({
            autoscaling: { metrics: [{ name: "gpu_utilization_percent", target: 120 }] },
        }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 120; gpu_utilization_percent is a percentage, so it must be from 1 to 100",
    },
    {
        case: "KV-cache fraction above 1",
        args: baseArgs({
            autoscaling: { metrics: [{ name: "vllm_kv_cache_usage_perc", target: 80 }] },
        }),
        path: "autoscaling.metrics[0].target",
        reason: "autoscaling.metrics[0].target is 80; vllm_kv_cache_usage_perc is a fraction, so it must be above 0 and at most 1",
    },
    {
        case: "namespace not a DNS-1123 label",
        args: baseArgs({ server: { ...server, namespace: "VLLM_Example" } }),
        path: "server.namespace",
        reason:
            "server.namespace is \"VLLM_Example\"; it must be a DNS-1123 label: lower-case letters, digits and '-', " +
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
            "name is \"a-very-long-component-name\"; it must be a DNS-1123 label: lower-case letters, digits and '-', " +
            "starting and ending with a letter or digit, at most 22 characters",
    },
    {
        case: "managed collection off GKE",
        args: baseArgs({ cloud: "eks", collection: "gke-managed" }),
        path: "collection",
        reason: 'collection is "gke-managed" but cloud is "eks"; Managed Service for Prometheus exists only on GKE: use "self-managed" on eks',
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
    {
        case: "the Stackdriver adapter on self-managed collection",
        args: baseArgs({ ...EKS, backend: "stackdriver-adapter" }),
        path: "backend",
        reason:
            'backend is "stackdriver-adapter" but collection is "self-managed"; the Stackdriver adapter reads Managed Service ' +
            'for Prometheus: use "prometheus-adapter" or "keda" with self-managed collection',
    },
    {
        case: "an accelerator the cloud does not offer",
        args: baseArgs({
            cloud: "aks",
            aks: { resourceGroupName: "rg", clusterName: "c" },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "nodePool.accelerator",
        reason: 'nodePool.accelerator is "nvidia-l4"; aks offers: nvidia-t4, nvidia-a100-80gb, nvidia-a100-40gb, nvidia-h100-80gb',
    },
    {
        case: "more GPUs per node than the machine holds",
        args: baseArgs({
            ...EKS,
            nodePool: { accelerator: "nvidia-l4", machineType: "g6.xlarge", gpusPerNode: 2 },
        }),
        path: "nodePool.gpusPerNode",
        reason: "nodePool.gpusPerNode is 2; g6.xlarge holds 1 nvidia-l4",
    },
    {
        case: "a GPU count no machine holds",
        args: baseArgs({ ...GKE, nodePool: { accelerator: "nvidia-h100-80gb", gpusPerNode: 3 } }),
        path: "nodePool.gpusPerNode",
        reason: "nodePool.gpusPerNode is 3; gke machines hold 1, 2, 4, 8 nvidia-h100-80gb per node",
    },
    {
        case: "an A3 High smaller than 8 GPUs on demand (Compute Engine sells it as Spot only)",
        args: baseArgs({ ...GKE, nodePool: { accelerator: "nvidia-h100-80gb", gpusPerNode: 2 } }),
        path: "nodePool.spot",
        reason:
            "nodePool.spot is false but a3-highgpu-2g (2 × nvidia-h100-80gb) is sold as Spot or Flex-start VMs only: " +
            "set nodePool.spot: true, or gpusPerNode: 8 for a3-highgpu-8g on demand",
    },
    {
        case: "a machine type that does not carry the accelerator",
        args: baseArgs({
            ...GKE,
            nodePool: { accelerator: "nvidia-l4", machineType: "a2-highgpu-1g" },
        }),
        path: "nodePool.machineType",
        reason:
            'nodePool.machineType is "a2-highgpu-1g"; nvidia-l4 on gke comes on: g2-standard-4, g2-standard-8, ' +
            "g2-standard-12, g2-standard-16, g2-standard-32, g2-standard-24, g2-standard-48, g2-standard-96",
    },
    {
        case: "node pool min above max",
        args: baseArgs({
            ...GKE,
            nodePool: { accelerator: "nvidia-l4", minNodes: 3, maxNodes: 2 },
        }),
        path: "nodePool.maxNodes",
        reason: "nodePool.maxNodes is 2; it must be a whole number of at least 1 and at least minNodes (3)",
    },
    {
        case: "a node pool on a generic cluster",
        args: baseArgs({ nodePool: { accelerator: "nvidia-l4" } }),
        path: "nodePool",
        reason: 'nodePool is set but cloud is "generic"; node pools can be made on gke, eks or aks only',
    },
    {
        case: "GKE without its project",
        args: baseArgs({
            cloud: "gke",
            gke: { location: "us-central1", clusterName: "c" } as never,
        }),
        path: "gke.project",
        reason: "gke.project is not set; it is required on gke: the node pool and the adapter's Workload Identity grant need the cluster",
    },
    {
        case: "a GPU pool in a regional GKE cluster without zones",
        args: baseArgs({
            ...GKE,
            gke: { ...GKE.gke, nodeLocations: undefined },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "gke.nodeLocations",
        reason:
            'gke.nodeLocations is not set but gke.location "us-central1" is a region: the GPU pool would take every zone of it, ' +
            "and GPUs exist only in some zones (https://cloud.google.com/compute/docs/gpus/gpu-regions-zones); " +
            'list the zones that have the accelerator, e.g. ["us-central1-a"]',
    },
    {
        case: "a GKE zone listed twice",
        args: baseArgs({
            ...GKE,
            gke: { ...GKE.gke, nodeLocations: ["us-central1-a", "us-central1-a"] },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "gke.nodeLocations[1]",
        reason: 'gke.nodeLocations[1] is "us-central1-a", listed twice; list each zone once',
    },
    {
        case: "a GKE zone of another region",
        args: baseArgs({
            ...GKE,
            gke: { ...GKE.gke, nodeLocations: ["us-central1-a", "europe-west4-b"] },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "gke.nodeLocations[1]",
        reason:
            'gke.nodeLocations[1] is "europe-west4-b", a zone of europe-west4, but the cluster (gke.location "us-central1") ' +
            "is in us-central1; list zones of us-central1",
    },
    {
        case: "a GKE region where a zone belongs",
        args: baseArgs({
            ...GKE,
            gke: { ...GKE.gke, location: "us-central1-a", nodeLocations: ["us-central1"] },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "gke.nodeLocations[0]",
        reason: 'gke.nodeLocations[0] is "us-central1"; it must be a zone such as "us-central1-a"',
    },
    {
        case: "an EKS node pool without subnets",
        args: baseArgs({
            cloud: "eks",
            eks: { clusterName: "c" },
            nodePool: { accelerator: "nvidia-l4" },
        }),
        path: "eks.subnetIds",
        reason: "eks.subnetIds is not set; it is required on eks: the node group needs the cluster and its subnets",
    },
    {
        case: "an AKS pool name Azure rejects",
        args: baseArgs({
            cloud: "aks",
            aks: { resourceGroupName: "rg", clusterName: "c", agentPoolName: "gpu-pool" },
        }),
        path: "aks.agentPoolName",
        reason: 'aks.agentPoolName is "gpu-pool"; it must be 1-12 lower-case letters and digits, starting with a letter',
    },
    {
        case: "Grafana without an admin password",
        args: baseArgs({ prometheus: { grafana: true } }),
        path: "prometheus.grafanaAdminPassword",
        reason:
            "prometheus.grafanaAdminPassword is not set but prometheus.grafana is true; give the admin password as a secret " +
            "(pulumi config set --secret), the chart's stock password is never used",
    },
    // Stage one, the raw shape: what a YAML stack file or another language can pass.
    {
        case: "a quoted number, naming its type",
        args: baseArgs({ autoscaling: { minReplicas: "2" as never } }),
        path: "autoscaling.minReplicas",
        reason: 'autoscaling.minReplicas is "2" (a string); it must be a whole number',
    },
    {
        case: "an unknown cloud, even a stack's name",
        args: baseArgs({ cloud: "kubernetes" as never }),
        path: "cloud",
        reason: 'cloud is "kubernetes" (a string); it must be one of: gke, eks, aks, generic',
    },
    {
        case: "a missing server.deploymentName",
        args: baseArgs({ server: { ...server, deploymentName: undefined as never } }),
        path: "server.deploymentName",
        reason: "server.deploymentName is not set; it is required: a string",
    },
    {
        case: "podLabels given as a string",
        args: baseArgs({ server: { ...server, podLabels: "app=gemma-server" as never } }),
        path: "server.podLabels",
        reason: 'server.podLabels is "app=gemma-server" (a string); it must be a map of names to strings',
    },
    {
        case: "metrics that are not a list",
        args: baseArgs({
            autoscaling: { metrics: { name: "vllm_num_requests_running" } as never },
        }),
        path: "autoscaling.metrics",
        reason: 'autoscaling.metrics is {"name":"vllm_num_requests_running"} (a map); it must be a list',
    },
    {
        case: "a misspelt key, naming the nearest known one",
        args: baseArgs({ autoscaling: { maxReplica: 3 } as never }),
        path: "autoscaling.maxReplica",
        reason: 'autoscaling.maxReplica is not a known field; did you mean "maxReplicas"? Known fields: minReplicas, maxReplicas, metrics, behavior',
    },
    {
        case: "an unknown field near no known one",
        args: baseArgs({ autoscaling: { backend: "keda" } as never }),
        path: "autoscaling.backend",
        reason: "autoscaling.backend is not a known field. Known fields: minReplicas, maxReplicas, metrics, behavior",
    },
    {
        case: "a misspelt top-level key",
        args: { ...baseArgs(), dcgmExporte: { install: false } } as never,
        path: "dcgmExporte",
        reason:
            'dcgmExporte is not a known field; did you mean "dcgmExporter"? Known fields: cloud, collection, backend, keda, ' +
            "server, nodePool, gke, eks, aks, monitoringNamespace, createMonitoringNamespace, gpuNodes, prometheus, dcgmExporter, adapter, " +
            "stackdriverAdapter, devicePlugin, alerts, warmCapacity, autoscaling",
    },
    {
        case: "the k8sProvider argument 0.1.0 had",
        args: { ...baseArgs(), k8sProvider: {} } as never,
        path: "k8sProvider",
        reason:
            "k8sProvider is no longer an argument (other Pulumi languages cannot pass a provider that way); " +
            "pass the Kubernetes provider as a resource option: " +
            "new InferencePlatform(name, args, { providers: [k8sProvider] })",
    },
    {
        case: "alerts that are not a boolean",
        args: baseArgs({ alerts: "off" as never }),
        path: "alerts",
        reason: 'alerts is "off" (a string); it must be true or false',
    },
    {
        case: "a scaling scrape interval that is not a Prometheus duration",
        args: baseArgs({ prometheus: { scalingScrapeInterval: "5 seconds" } }),
        path: "prometheus.scalingScrapeInterval",
        reason: 'prometheus.scalingScrapeInterval is "5 seconds"; it must be a Prometheus duration such as "15s" or "1m"',
    },
    {
        case: "an unknown backend",
        args: baseArgs({ backend: "hpa" as never }),
        path: "backend",
        reason: 'backend is "hpa" (a string); it must be one of: prometheus-adapter, stackdriver-adapter, keda',
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

    it("warns, without failing, about a gated model deployed without a Hugging Face token", () => {
        const gated = baseArgs({
            server: { ...server, deploy: { model: "google/gemma-3-1b-it" } },
        });
        expect(findInputProblems("test", gated)).to.deep.equal([]);
        expect(inputWarnings(gated)).to.deep.equal([
            "server.deploy.model google/gemma-3-1b-it is gated on Hugging Face and server.deploy.huggingFaceToken is not set: the pods will fail to download it. Give the token as a secret (in a stack: pulumi config set --secret huggingFaceToken <token>) or deploy a model that is not gated",
        ]);
        expect(
            inputWarnings(
                baseArgs({
                    server: { ...server, deploy: { huggingFaceToken: pulumi.secret("hf_x") } },
                }),
            ),
        ).to.deep.equal([]);
        expect(
            inputWarnings(
                baseArgs({ server: { ...server, deploy: { model: "Qwen/Qwen3-0.6B" } } }),
            ),
        ).to.deep.equal([]);
    });

    describe("maxReplicas against the GPU pool", () => {
        it("warns when the platform's pool cannot hold them (other GPU nodes may)", () => {
            const args = baseArgs({
                server: { ...server, deploy: { model: "Qwen/Qwen3-0.6B" } },
                nodePool: { accelerator: "nvidia-l4", gpusPerNode: 1, maxNodes: 4 },
                autoscaling: { maxReplicas: 100000 },
                cloud: "eks",
                eks: { clusterName: "c", subnetIds: ["subnet-1"] },
            });
            expect(findInputProblems("test", args)).to.deep.equal([]);
            expect(inputWarnings(args)).to.deep.equal([
                "autoscaling.maxReplicas is 100000 but the platform's GPU pool holds at most 4 replicas (nodePool.maxNodes 4 × 1 pod(s) " +
                    "of 1 GPU(s) on a node of 1): the rest stay Pending unless other GPU nodes carry the pool's labels",
            ]);
            expect(inputWarnings({ ...args, autoscaling: { maxReplicas: 4 } })).to.deep.equal([]);
        });
    });

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
        expect(
            engine.resources.filter(
                (r) => r.type !== "inference-autoscaling:index:InferenceAutoscaling",
            ),
        ).to.deep.equal([]);
    });
});
