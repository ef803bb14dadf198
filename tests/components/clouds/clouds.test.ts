import { expect } from "chai";
import { InferenceAutoscalingArgs } from "../../../components";
import { baseArgs, Plan, runComponent, TYPES } from "../../mocks";

const GKE: Partial<InferenceAutoscalingArgs> = {
    cloud: "gke",
    gke: {
        project: "proj-1",
        location: "us-central1",
        clusterName: "c1",
        nodeLocations: ["us-central1-a"],
    },
    nodePool: { accelerator: "nvidia-l4", minNodes: 1, maxNodes: 4 },
};
/**
 * The adapter's service account on cluster c1: tagged with sha256("proj-1/us-central1/c1"). Pinned:
 * a new tag would rename every stack's service accounts, and move their grants.
 */
const ADAPTER_ACCOUNT_C1 = "custom-metrics-stackdriver-adapter-d67d082e";
const EKS: Partial<InferenceAutoscalingArgs> = {
    cloud: "eks",
    eks: { clusterName: "c1", subnetIds: ["subnet-1", "subnet-2"] },
    nodePool: { accelerator: "nvidia-a10g", gpusPerNode: 4, minNodes: 0, maxNodes: 2 },
};
const AKS: Partial<InferenceAutoscalingArgs> = {
    cloud: "aks",
    aks: { resourceGroupName: "rg", clusterName: "c1" },
    nodePool: { accelerator: "nvidia-a100-80gb", gpusPerNode: 2, minNodes: 1, maxNodes: 3 },
};

const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };

/** The inputs of the one resource of `type` in a plan. */
function plan1(plan: Plan, type: string): any {
    const found = plan.ofType(type);
    expect(found, type).to.have.length(1);
    return found[0].inputs;
}

describe("GPU node pools", () => {
    it("GKE: L4 pool on the smallest G2 machine, driver installed, autoscaled, tainted by GKE itself", async () => {
        const plan = await runComponent(baseArgs(GKE));
        const pool = plan.inputs(TYPES.gkeNodePool, "test-gpu");
        expect(pool).to.include({
            project: "proj-1",
            location: "us-central1",
            cluster: "c1",
            namePrefix: "test-",
        });
        // Total bounds across the pool's zones (min/maxNodeCount would apply per zone).
        expect(pool.autoscaling).to.deep.equal({
            totalMinNodeCount: 1,
            totalMaxNodeCount: 4,
            locationPolicy: "ANY",
        });
        expect(pool.nodeConfig.machineType).to.equal("g2-standard-4");
        expect(pool.nodeConfig.guestAccelerators).to.deep.equal([
            {
                type: "nvidia-l4",
                count: 1,
                gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
            },
        ]);
        // GKE adds nvidia.com/gpu=present:NoSchedule to GPU pools; declaring it too can be refused.
        expect(pool.nodeConfig).to.not.have.property("taints");
        expect(pool.nodeConfig.labels["nvidia.com/gpu.present"]).to.equal("true");
        expect(pool.nodeConfig.workloadMetadataConfig).to.deep.equal({ mode: "GKE_METADATA" });
        // GKE runs its own device plugin.
        expect(plan.has(TYPES.release, "test-nvidia-device-plugin")).to.equal(false);
    });

    it("EKS: NVIDIA AMI node group with its role, tainted, autoscaler-ready, plus device plugin and Cluster Autoscaler", async () => {
        const plan = await runComponent(baseArgs(EKS));
        const group = plan.inputs(TYPES.eksNodeGroup, "test-gpu");
        expect(group).to.include({
            clusterName: "c1",
            amiType: "AL2023_x86_64_NVIDIA",
            capacityType: "ON_DEMAND",
        });
        expect(group.instanceTypes).to.deep.equal(["g5.12xlarge"]);
        expect(group.scalingConfig).to.deep.equal({ minSize: 0, maxSize: 2, desiredSize: 1 });
        expect(group.taints).to.deep.equal([
            { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" },
        ]);
        expect(group.labels["nvidia.com/gpu.present"]).to.equal("true");
        // Cluster Autoscaler's AWS provider knows a booting node is a GPU node by this label (GPULabel).
        expect(group.labels["k8s.amazonaws.com/accelerator"]).to.equal("nvidia-a10g");
        expect(plan.get(TYPES.eksNodeGroup, "test-gpu").dependsOn).to.include.members([
            "test-gpu-node-AmazonEKSWorkerNodePolicy",
            "test-gpu-node-AmazonEKS_CNI_Policy",
            "test-gpu-node-AmazonEC2ContainerRegistryReadOnly",
        ]);
        const plugin = plan.get(TYPES.release, "test-nvidia-device-plugin");
        expect(plugin.dependsOn).to.include("test-gpu");
        expect((plugin.inputs as any).values.tolerations).to.deep.equal([GPU_TOLERATION]);
        const ca = plan.inputs(TYPES.release, "test-cluster-autoscaler");
        expect(ca.values.autoDiscovery).to.deep.equal({ clusterName: "c1" });
        expect(ca.values.awsRegion).to.equal("us-east-1");
        const trust = JSON.parse(
            plan.inputs("aws:iam/role:Role", "test-cluster-autoscaler").assumeRolePolicy,
        );
        const issuer = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789";
        expect(trust.Statement[0].Principal.Federated).to.equal(
            `arn:aws:iam::111122223333:oidc-provider/${issuer}`,
        );
        expect(trust.Statement[0].Condition.StringEquals[`${issuer}:sub`]).to.equal(
            "system:serviceaccount:kube-system:cluster-autoscaler",
        );
    });

    it("EKS: Bottlerocket brings its own device plugin, and the autoscaler can be left to the user", async () => {
        const plan = await runComponent(
            baseArgs({
                ...EKS,
                eks: {
                    ...EKS.eks!,
                    amiType: "BOTTLEROCKET_x86_64_NVIDIA",
                    clusterAutoscaler: false,
                },
            }),
        );
        expect(plan.has(TYPES.release, "test-nvidia-device-plugin")).to.equal(false);
        expect(plan.has(TYPES.release, "test-cluster-autoscaler")).to.equal(false);
        expect(plan.inputs(TYPES.eksNodeGroup, "test-gpu").amiType).to.equal(
            "BOTTLEROCKET_x86_64_NVIDIA",
        );
    });

    it("AKS: A100 user pool with driver install, taint, autoscaling, plus device plugin", async () => {
        const plan = await runComponent(baseArgs(AKS));
        const pool = plan.inputs(TYPES.aksAgentPool, "test-gpu");
        expect(pool).to.include({
            resourceGroupName: "rg",
            resourceName: "c1",
            vmSize: "Standard_NC48ads_A100_v4",
            mode: "User",
            enableAutoScaling: true,
            minCount: 1,
            maxCount: 3,
        });
        expect(pool.agentPoolName).to.match(/^gputest[0-9a-f]{4}$/);
        expect(pool.nodeTaints).to.deep.equal(["nvidia.com/gpu=present:NoSchedule"]);
        expect(pool.nodeLabels["nvidia.com/gpu.present"]).to.equal("true");
        expect(pool.gpuProfile).to.deep.equal({ driver: "Install" });
        expect(plan.has(TYPES.release, "test-nvidia-device-plugin")).to.equal(true);
    });

    it("makes the exporters and the server wait for the GPU pool, and nothing else", async () => {
        const plan = await runComponent(baseArgs(EKS));
        const waiting = plan.resources
            .filter((r) => r.dependsOn.includes("test-gpu"))
            .map((r) => r.name)
            .sort();
        expect(waiting).to.deep.equal([
            "test-cluster-autoscaler",
            "test-dcgm-exporter",
            "test-nvidia-device-plugin",
        ]);
        const withServer = await runComponent(
            baseArgs({
                ...EKS,
                server: { ...baseArgs().server, deploy: { model: "Qwen/Qwen3-0.6B" } },
            }),
        );
        expect(
            withServer.get("kubernetes:apps/v1:Deployment", "test-vllm-server").dependsOn,
        ).to.include("test-gpu");
    });

    it("selects GPU nodes by each cloud's own label: GKE's accelerator label, which GKE puts on every GPU node", async () => {
        const selectorOf = async (args: Partial<InferenceAutoscalingArgs>) => {
            const plan = await runComponent(
                baseArgs({
                    ...args,
                    server: { ...baseArgs().server, deploy: { model: "Qwen/Qwen3-0.6B" } },
                }),
            );
            return plan.inputs("kubernetes:apps/v1:Deployment", "test-vllm-server").spec.template
                .spec.nodeSelector;
        };
        expect(await selectorOf(GKE)).to.deep.equal({
            "cloud.google.com/gke-accelerator": "nvidia-l4",
        });
        // GPU nodes the component did not make: their accelerator is unknown, and GPU requests place the pods.
        expect(await selectorOf({ cloud: "gke", gke: GKE.gke })).to.deep.equal({});
        expect(await selectorOf(EKS)).to.deep.equal({ "nvidia.com/gpu.present": "true" });
    });

    it("GKE GPU nodes run as a least-privilege service account of their own, with Shielded VM", async () => {
        const plan = await runComponent(baseArgs(GKE));
        const pool = plan.get(TYPES.gkeNodePool, "test-gpu");
        expect((pool.inputs as any).nodeConfig.shieldedInstanceConfig).to.deep.equal({
            enableSecureBoot: true,
            enableIntegrityMonitoring: true,
        });
        expect(
            (pool.inputs as any).nodeConfig,
            "not Compute Engine's default account",
        ).to.have.property("serviceAccount");
        const account = plan.inputs("gcp:serviceaccount/account:Account", "test-gpu-nodes");
        expect(account.accountId).to.match(/^test-gpu-nodes-[0-9a-f]{8}$/);
        const grant = plan.get(TYPES.iamMember, "test-gpu-nodes");
        expect((grant.inputs as any).role).to.equal("roles/container.defaultNodeServiceAccount");
        expect(grant.dependsOn, "the grant names the account").to.include("test-gpu-nodes");
        expect(pool.dependsOn, "nodes start once they may log").to.include.members([
            "test-gpu-nodes",
        ]);
        expect(
            plan.ofType(TYPES.iamMember).filter((m) => (m.inputs as any).role === "roles/editor"),
        ).to.deep.equal([]);
    });

    it("pool upgrades add a node before draining one", async () => {
        expect(
            plan1(await runComponent(baseArgs(GKE)), TYPES.gkeNodePool).upgradeSettings,
        ).to.deep.equal({ strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
        expect(
            plan1(await runComponent(baseArgs(EKS)), TYPES.eksNodeGroup).updateConfig,
        ).to.deep.equal({ maxUnavailable: 1 });
        expect(
            plan1(await runComponent(baseArgs(AKS)), TYPES.aksAgentPool).upgradeSettings,
        ).to.deep.equal({ maxSurge: "1" });
    });

    it("a change that replaces a pool creates the new one first: no fixed pool names", async () => {
        const gke = plan1(await runComponent(baseArgs(GKE)), TYPES.gkeNodePool);
        expect(gke).to.not.have.property("name");
        expect(
            gke.namePrefix.length + 26,
            "GKE's 40-character limit, with the provider's suffix",
        ).to.be.at.most(40);
        const eks = plan1(await runComponent(baseArgs(EKS)), TYPES.eksNodeGroup);
        expect([eks.nodeGroupName, eks.nodeGroupNamePrefix]).to.deep.equal([
            undefined,
            "test-gpu-",
        ]);
        // AKS has no prefixes: the name follows the settings it cannot change in place.
        const aks = async (pool: object) =>
            plan1(
                await runComponent(baseArgs({ ...AKS, nodePool: { ...AKS.nodePool!, ...pool } })),
                TYPES.aksAgentPool,
            ).agentPoolName;
        const base = await aks({});
        expect(await aks({ maxNodes: 5 }), "an in-place change keeps the pool").to.equal(base);
        expect(
            await aks({ machineType: "Standard_NC96ads_A100_v4", gpusPerNode: 4 }),
            "a new VM size names a new pool",
        ).to.not.equal(base);
        expect(await aks({ spot: true })).to.not.equal(base);
        expect(await aks({ diskSizeGb: 300 })).to.not.equal(base);
    });

    it("EKS: IAM roles are named by prefix, so two stacks in one account do not collide", async () => {
        const plan = await runComponent(baseArgs(EKS));
        const roles = plan.ofType("aws:iam/role:Role").map((r) => r.inputs as any);
        expect(roles.map((r) => r.namePrefix).sort()).to.deep.equal([
            "test-autoscaler-",
            "test-gpu-node-",
        ]);
        for (const r of roles) {
            expect(r).to.not.have.property("name");
            expect(r.namePrefix.length).to.be.at.most(38);
        }
    });

    it("AKS Spot pool: declares the taint and label AKS adds, and the pods tolerate it", async () => {
        const plan = await runComponent(
            baseArgs({ ...AKS, nodePool: { ...AKS.nodePool!, spot: true } }),
        );
        const pool = plan.inputs(TYPES.aksAgentPool, "test-gpu");
        expect(pool).to.include({
            scaleSetPriority: "Spot",
            scaleSetEvictionPolicy: "Delete",
            spotMaxPrice: -1,
        });
        expect(pool.nodeTaints).to.deep.equal([
            "nvidia.com/gpu=present:NoSchedule",
            "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
        ]);
        expect(pool.nodeLabels["kubernetes.azure.com/scalesetpriority"]).to.equal("spot");
        const tolerations = plan.inputs(TYPES.release, "test-dcgm-exporter").values.tolerations;
        expect(tolerations).to.deep.include({
            key: "kubernetes.azure.com/scalesetpriority",
            operator: "Equal",
            value: "spot",
            effect: "NoSchedule",
        });
    });
});

describe("GKE managed collection", () => {
    it("creates no in-cluster Prometheus or prometheus-adapter", async () => {
        const plan = await runComponent(baseArgs(GKE));
        expect(plan.ofType(TYPES.release)).to.deep.equal([]);
        expect(plan.ofType(TYPES.serviceMonitor)).to.deep.equal([]);
        expect(plan.ofType(TYPES.prometheusRule)).to.deep.equal([]);
    });

    it("scrapes vLLM with a PodMonitoring on the pods' labels and metrics port", async () => {
        const plan = await runComponent(baseArgs(GKE));
        const pm = plan.inputs(TYPES.podMonitoring, "test-vllm");
        expect(pm.metadata.namespace).to.equal("vllm-example");
        expect(pm.spec.selector.matchLabels).to.deep.equal({ app: "gemma-server" });
        // Only the series of the metrics the model scales on reach Cloud Monitoring (it bills per
        // sample); Prometheus anchors the regex.
        const keepOf = (monitoring: any) => {
            const [keep] = monitoring.spec.endpoints[0].metricRelabeling;
            expect([keep.action, keep.sourceLabels]).to.deep.equal(["keep", ["__name__"]]);
            return (name: string) => new RegExp(`^(?:${keep.regex})$`).test(name);
        };
        const histogram = (h: string) => ["_bucket", "_sum", "_count"].map((s) => h + s);
        const kept = keepOf(pm);
        expect(kept("vllm:kv_cache_usage_perc"), "the default metric").to.equal(true);
        expect(
            [
                "vllm:num_requests_waiting",
                "vllm:num_requests_running",
                ...histogram("vllm:time_to_first_token_seconds"),
                "vllm:num_requests_swapped",
                "python_gc_objects_collected_total",
                "vllmXnum_requests_running",
            ].filter(kept),
        ).to.deep.equal([]);
        // A latency metric keeps its histogram whole (GMP stores it as one distribution), and a
        // metric with a fallback name keeps both names.
        const latency = keepOf(
            (
                await runComponent(
                    baseArgs({
                        ...GKE,
                        autoscaling: {
                            metrics: [
                                { name: "vllm_time_to_first_token_p95_seconds", target: 2 },
                                { name: "vllm_kv_cache_usage_perc", target: 0.8 },
                            ],
                        },
                    }),
                )
            ).inputs(TYPES.podMonitoring, "test-vllm"),
        );
        const scaled = [
            ...histogram("vllm:time_to_first_token_seconds"),
            "vllm:kv_cache_usage_perc",
            "vllm:gpu_cache_usage_perc",
        ];
        expect(scaled.filter((n) => !latency(n))).to.deep.equal([]);
        expect(
            [
                "vllm:num_requests_running",
                "vllm:time_to_first_token_seconds",
                ...histogram("vllm:request_queue_time_seconds"),
            ].filter(latency),
        ).to.deep.equal([]);
        expect(pm.spec.endpoints.map(({ metricRelabeling: _kept, ...e }: any) => e)).to.deep.equal([
            { port: 8080, path: "/metrics", interval: "5s" },
        ]);
    });

    it("scrapes the managed DCGM exporter for GPU scaling only, keeping its pod/namespace labels", async () => {
        const plan = await runComponent(
            baseArgs({ ...GKE, autoscaling: { metrics: [{ name: "gpu_utilization_percent" }] } }),
        );
        const cpm = plan.inputs(TYPES.clusterPodMonitoring, "test-dcgm");
        expect(cpm.spec.selector.matchLabels).to.deep.equal({
            "app.kubernetes.io/name": "gke-managed-dcgm-exporter",
        });
        expect(cpm.spec.targetLabels).to.deep.equal({ metadata: [] });
        // Only GPU utilisation, lower-cased: the HPA's client lower-cases names, Cloud Monitoring does not.
        expect(cpm.spec.endpoints[0].metricRelabeling).to.deep.equal([
            { sourceLabels: ["__name__"], regex: "DCGM_FI_DEV_GPU_UTIL", action: "keep" },
            {
                sourceLabels: ["__name__"],
                regex: "DCGM_FI_DEV_GPU_UTIL",
                targetLabel: "__name__",
                replacement: "dcgm_fi_dev_gpu_util",
                action: "replace",
            },
        ]);
        // GKE already collects DCGM metrics: without a GPU metric the component adds no second scrape.
        const noGpu = await runComponent(baseArgs(GKE));
        expect(noGpu.ofType(TYPES.clusterPodMonitoring)).to.deep.equal([]);
    });

    it("GKE spreads the total bounds over zones: initial nodes per zone cover the minimum", async () => {
        const plan = await runComponent(
            baseArgs({
                ...GKE,
                gke: { ...GKE.gke!, nodeLocations: ["us-central1-a", "us-central1-b"] },
                nodePool: { accelerator: "nvidia-l4", minNodes: 3, maxNodes: 6 },
            }),
        );
        const pool = plan.inputs(TYPES.gkeNodePool, "test-gpu");
        expect(pool.initialNodeCount).to.equal(2);
        expect(pool.autoscaling).to.include({ totalMinNodeCount: 3, totalMaxNodeCount: 6 });
    });

    it("grants Monitoring Viewer to the adapter's Kubernetes service account through Workload Identity", async () => {
        const plan = await runComponent(baseArgs(GKE));
        const member = plan.inputs(TYPES.iamMember, "test-adapter-monitoring-viewer");
        expect(member).to.deep.equal({
            project: "proj-1",
            role: "roles/monitoring.viewer",
            member:
                "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/" +
                `proj-1.svc.id.goog/subject/ns/test-custom-metrics/sa/${ADAPTER_ACCOUNT_C1}`,
        });
        const deployment = plan.inputs(
            "kubernetes:apps/v1:Deployment",
            "test-custom-metrics-stackdriver-adapter",
        );
        expect(deployment.spec.template.spec.serviceAccountName).to.equal(ADAPTER_ACCOUNT_C1);
        // Its own namespace: Google's `custom-metrics`, where many clusters run Google's adapter, would collide.
        expect(deployment.metadata.namespace).to.equal("test-custom-metrics");
    });

    it("lets two stacks share a GCP project: each cluster has its own node account and grants, an existing stack keeps its account", async () => {
        const onCluster = (location: string, clusterName: string, backend?: "keda") =>
            runComponent(
                baseArgs({
                    ...GKE,
                    ...(backend ? { backend } : {}),
                    gke: {
                        project: "proj-1",
                        location,
                        clusterName,
                        nodeLocations: [`${location}-a`],
                    },
                }),
            );
        const owned = (plan: Plan) => [
            plan.inputs("gcp:serviceaccount/account:Account", "test-gpu-nodes").accountId,
            // The node account's grant names its email, known after create: its ID stands for it.
            ...plan
                .ofType(TYPES.iamMember)
                .map((m) => (m.inputs as any).member)
                .filter((member) => typeof member === "string"),
        ];
        const prod = owned(await onCluster("us-central1", "c1"));
        // Staging beside prod, and a cluster of the same name in another region.
        const others: [string, string][] = [
            ["us-central1", "c2"],
            ["europe-west4", "c1"],
        ];
        for (const [location, cluster] of others) {
            const theirs = owned(await onCluster(location, cluster));
            expect(
                theirs.filter((id) => prod.includes(id)),
                `${location}/${cluster}`,
            ).to.deep.equal([]);
        }
        expect(owned(await onCluster("us-central1", "c1")), "stable").to.deep.equal(prod);
        const kedaMembers = (plan: Plan) =>
            plan.inputs(TYPES.iamMember, "test-keda-monitoring-viewer").member;
        const kedaProd = kedaMembers(await onCluster("us-central1", "c1", "keda"));
        expect(kedaProd).to.match(/\/sa\/keda-operator-[0-9a-f]{8}$/);
        expect(kedaMembers(await onCluster("us-central1", "c2", "keda"))).to.not.equal(kedaProd);
        // A stack made before the ID named its cluster keeps its account, and with it its nodes.
        const account = (await onCluster("us-central1", "c1")).get(
            "gcp:serviceaccount/account:Account",
            "test-gpu-nodes",
        );
        expect(account.ignoreChanges).to.deep.equal(["accountId"]);
    });

    it("uses a Stackdriver adapter the cluster already runs (Google's), granting its service account only", async () => {
        const plan = await runComponent(
            baseArgs({ ...GKE, stackdriverAdapter: { install: false } }),
        );
        expect(plan.ofType(TYPES.apiService)).to.deep.equal([]);
        expect(plan.ofType("kubernetes:apps/v1:Deployment")).to.deep.equal([]);
        const member = plan.inputs(TYPES.iamMember, "test-adapter-monitoring-viewer").member;
        expect(member).to.match(
            /\/subject\/ns\/custom-metrics\/sa\/custom-metrics-stackdriver-adapter$/,
        );
        expect(plan.inputs(TYPES.hpa, "test-vllm").spec.metrics[0].pods.metric.name).to.match(
            /^prometheus\.googleapis\.com\|/,
        );
    });

    it("registers the adapter's APIServices only once it runs, so destroy removes them before it", async () => {
        const plan = await runComponent(baseArgs(GKE));
        for (const api of plan.ofType(TYPES.apiService)) {
            expect(api.dependsOn, api.name).to.include("test-custom-metrics-stackdriver-adapter");
        }
    });

    it("registers the Stackdriver adapter for custom metrics (v1beta1, v1beta2) only, leaving external metrics free", async () => {
        const plan = await runComponent(baseArgs(GKE));
        const names = plan
            .ofType(TYPES.apiService)
            .map((r) => (r.inputs as any).metadata.name)
            .sort();
        expect(names).to.deep.equal([
            "v1beta1.custom.metrics.k8s.io",
            "v1beta2.custom.metrics.k8s.io",
        ]);
    });

    it("asks the HPA for metrics in the names the Stackdriver adapter serves", async () => {
        const plan = await runComponent(
            baseArgs({
                ...GKE,
                autoscaling: {
                    metrics: [
                        { name: "vllm_num_requests_waiting" },
                        { name: "gpu_utilization_percent", target: 30 },
                    ],
                },
            }),
        );
        const metrics = plan.inputs(TYPES.hpa, "test-vllm").spec.metrics;
        expect(metrics.map((m: any) => m.pods.metric.name)).to.deep.equal([
            "prometheus.googleapis.com|inference_autoscaling:vllm_num_requests_waiting|gauge",
            "prometheus.googleapis.com|inference_autoscaling:gpu_utilization_percent|gauge",
        ]);
        expect(metrics[1].pods.target.averageValue).to.equal("30");
    });

    it("self-managed on GKE scrapes GKE's managed DCGM exporter instead of installing one", async () => {
        const plan = await runComponent(baseArgs({ ...GKE, collection: "self-managed" }));
        expect(plan.has(TYPES.release, "test-prometheus")).to.equal(true);
        expect(plan.has(TYPES.release, "test-dcgm-exporter")).to.equal(false);
        expect(plan.ofType(TYPES.podMonitoring)).to.deep.equal([]);
        const service = plan.inputs(TYPES.service, "test-dcgm-metrics");
        expect(service.metadata.namespace).to.equal("gke-managed-system");
        expect(service.spec.selector).to.deep.equal({
            "app.kubernetes.io/name": "gke-managed-dcgm-exporter",
        });
    });
});
