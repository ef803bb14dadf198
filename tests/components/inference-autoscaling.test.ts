import { expect } from "chai";
import { baseArgs, runComponent, TYPES } from "../mocks";
import { SCRAPE_LABEL, SCRAPE_PATH_LABEL } from "../../components/vocabulary/names";

describe("InferenceAutoscaling (self-managed)", () => {
    it("points the HPA at the vLLM Deployment with the requested metrics and targets", async () => {
        const plan = await runComponent(
            baseArgs({
                autoscaling: {
                    minReplicas: 2,
                    maxReplicas: 7,
                    metrics: [
                        { name: "vllm_num_requests_running", target: 4 },
                        { name: "gpu_utilization_percent", target: 20 },
                        { name: "vllm_kv_cache_usage_perc", target: 0.75 },
                    ],
                },
            }),
        );
        const hpa = plan.inputs(TYPES.hpa, "test-vllm");
        expect(hpa.metadata.namespace).to.equal("vllm-example");
        expect(hpa.spec.scaleTargetRef).to.deep.equal({
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "vllm-gemma-deployment",
        });
        expect(hpa.spec.minReplicas).to.equal(2);
        expect(hpa.spec.maxReplicas).to.equal(7);
        expect(hpa.spec.metrics).to.deep.equal([
            {
                type: "Pods",
                pods: {
                    metric: { name: "vllm_num_requests_running" },
                    target: { type: "AverageValue", averageValue: "4" },
                },
            },
            {
                type: "Pods",
                pods: {
                    metric: { name: "gpu_utilization_percent" },
                    target: { type: "AverageValue", averageValue: "20" },
                },
            },
            {
                type: "Pods",
                pods: {
                    metric: { name: "vllm_kv_cache_usage_perc" },
                    target: { type: "AverageValue", averageValue: "750m" },
                },
            },
        ]);
    });

    it("defaults to KV-cache use 0.5 per pod (the simulator's choice, docs/simulator.md), 1..5 replicas, slow scale-down", async () => {
        const plan = await runComponent(baseArgs());
        const spec = plan.inputs(TYPES.hpa, "test-vllm").spec;
        expect(spec.metrics).to.have.length(1);
        expect(spec.metrics[0].pods.metric.name).to.equal("vllm_kv_cache_usage_perc");
        expect(spec.metrics[0].pods.target.averageValue).to.equal("500m");
        expect([spec.minReplicas, spec.maxReplicas]).to.deep.equal([1, 5]);
        expect(spec.behavior.scaleDown.stabilizationWindowSeconds).to.equal(300);
        expect(spec.behavior.scaleUp.stabilizationWindowSeconds).to.equal(0);
    });

    it("serves every metric the HPA asks for through a prometheus-adapter rule of the same name", async () => {
        const plan = await runComponent(
            baseArgs({
                autoscaling: {
                    metrics: [
                        { name: "vllm_num_requests_running" },
                        { name: "vllm_num_requests_waiting" },
                        { name: "vllm_kv_cache_usage_perc" },
                        { name: "gpu_utilization_percent" },
                    ],
                },
            }),
        );
        const hpaNames = plan
            .inputs(TYPES.hpa, "test-vllm")
            .spec.metrics.map((m: any) => m.pods.metric.name);
        const adapter = plan.inputs(TYPES.release, "test-prometheus-adapter");
        const served = adapter.values.rules.custom.map((r: any) => r.name.as);
        expect(served).to.include.members(hpaNames);
        expect(adapter.values.rules.default).to.equal(false);
    });

    it("points prometheus-adapter at the Service the installed kube-prometheus-stack creates", async () => {
        const plan = await runComponent(baseArgs({ monitoringNamespace: "observability" }));
        const stack = plan.inputs(TYPES.release, "test-prometheus");
        const adapter = plan.inputs(TYPES.release, "test-prometheus-adapter");
        // The chart names its Prometheus Service `<fullnameOverride>-prometheus`, on port 9090.
        expect(adapter.values.prometheus).to.deep.equal({
            url: `http://${stack.values.fullnameOverride}-prometheus.observability.svc`,
            port: 9090,
            path: "",
        });
        expect(stack.namespace).to.equal("observability");
        expect(adapter.namespace).to.equal("observability");
    });

    it("makes the installed Prometheus pick up monitors and rules from every namespace", async () => {
        const plan = await runComponent(baseArgs());
        const spec = plan.inputs(TYPES.release, "test-prometheus").values.prometheus.prometheusSpec;
        expect(spec.serviceMonitorSelectorNilUsesHelmValues).to.equal(false);
        expect(spec.ruleSelectorNilUsesHelmValues).to.equal(false);
        expect(spec.serviceMonitorNamespaceSelector).to.deep.equal({});
        expect(spec.ruleNamespaceSelector).to.deep.equal({});
        expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).to.equal(
            "50Gi",
        );
    });

    it("sizes Prometheus for its volume, deletes the volume on destroy and upgrades the operator's CRDs with the chart", async () => {
        const values = (await runComponent(baseArgs())).inputs(
            TYPES.release,
            "test-prometheus",
        ).values;
        expect(values.prometheus.prometheusSpec.retentionSize, "90 % of the default 50Gi").to.equal(
            "45GiB",
        );
        expect(values.prometheus.prometheusSpec.persistentVolumeClaimRetentionPolicy).to.deep.equal(
            { whenDeleted: "Delete", whenScaled: "Retain" },
        );
        expect(values.crds.upgradeJob).to.deep.equal({
            enabled: true,
            image: { busybox: { tag: "1.37.0" } },
        });
        const small = (
            await runComponent(baseArgs({ prometheus: { storageSize: "10Gi" } }))
        ).inputs(TYPES.release, "test-prometheus").values;
        expect(small.prometheus.prometheusSpec.retentionSize).to.equal("9GiB");
    });

    it("scrapes no control-plane part a managed cloud hides (controller manager, scheduler, etcd, kube-proxy); a generic cluster keeps them", async () => {
        const managed = (
            await runComponent(baseArgs({ cloud: "eks", eks: { clusterName: "c" } }))
        ).inputs(TYPES.release, "test-prometheus").values;
        for (const part of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
            expect(managed[part], part).to.deep.equal({ enabled: false });
        }
        const generic = (await runComponent(baseArgs())).inputs(
            TYPES.release,
            "test-prometheus",
        ).values;
        expect(generic).to.not.have.any.keys(
            "kubeControllerManager",
            "kubeScheduler",
            "kubeEtcd",
            "kubeProxy",
        );
    });

    it("scrapes vLLM through a Service and ServiceMonitor that agree on labels and port name", async () => {
        const plan = await runComponent(baseArgs());
        const service = plan.inputs(TYPES.service, "test-vllm-metrics");
        const monitor = plan.inputs(TYPES.serviceMonitor, "test-vllm-metrics");
        expect(service.metadata.namespace).to.equal("vllm-example");
        expect(service.spec.selector).to.deep.equal({ app: "gemma-server" });
        expect(service.spec.ports).to.deep.equal([
            { name: "metrics", port: 8080, targetPort: 8080, protocol: "TCP" },
        ]);
        expect(monitor.metadata.namespace).to.equal("vllm-example");
        expect(monitor.spec.selector.matchLabels).to.deep.equal(service.metadata.labels);
        expect(monitor.spec.endpoints.map((e: any) => e.port)).to.deep.equal([
            "metrics",
            "metrics",
        ]);
        expect(monitor.spec.namespaceSelector.matchNames).to.deep.equal([
            service.metadata.namespace,
        ]);
    });

    it("scrapes vLLM's scaled series alone every 5 s and the rest of the page every 15 s, each series once", async () => {
        const [fast, full] = (await runComponent(baseArgs())).inputs(
            TYPES.serviceMonitor,
            "test-vllm-metrics",
        ).spec.endpoints;
        expect([fast.interval, full.interval]).to.deep.equal(["5s", "15s"]);
        expect(fast.relabelings).to.deep.equal([
            { action: "replace", targetLabel: SCRAPE_LABEL, replacement: "test" },
            { action: "replace", targetLabel: SCRAPE_PATH_LABEL, replacement: "scaling" },
        ]);
        expect(full.relabelings).to.deep.equal([
            { action: "replace", targetLabel: SCRAPE_LABEL, replacement: "test" },
            { action: "replace", targetLabel: SCRAPE_PATH_LABEL, replacement: "full" },
        ]);
        // Prometheus anchors a relabeling regex; a series is kept by keep on a match, by drop on none.
        const passes = (e: any, name: string) => {
            const [r] = e.metricRelabelings;
            expect(r.sourceLabels).to.deep.equal(["__name__"]);
            const match = new RegExp(`^(?:${r.regex})$`).test(name);
            return r.action === "keep" ? match : !match;
        };
        const scaled = [
            "vllm:num_requests_running",
            "vllm:num_requests_waiting",
            "vllm:kv_cache_usage_perc",
            "vllm:gpu_cache_usage_perc",
            ...["vllm:time_to_first_token_seconds", "vllm:request_queue_time_seconds"].flatMap(
                (h) => ["_bucket", "_sum", "_count"].map((s) => h + s),
            ),
        ];
        const rest = [
            "vllm:prompt_tokens_total",
            "vllm:time_per_output_token_seconds_bucket",
            "vllm:e2e_request_latency_seconds_sum",
            "vllm:num_preemptions_total",
            "vllm:num_requests_running_created",
            "python_gc_objects_collected_total",
            "process_resident_memory_bytes",
        ];
        expect([...scaled, ...rest].filter((n) => passes(fast, n))).to.deep.equal(scaled);
        expect([...scaled, ...rest].filter((n) => passes(full, n))).to.deep.equal(rest);
    });

    it("scrapes the installed DCGM exporter by the labels its chart puts on its pods", async () => {
        const plan = await runComponent(baseArgs());
        const release = plan.inputs(TYPES.release, "test-dcgm-exporter");
        const service = plan.inputs(TYPES.service, "test-dcgm-metrics");
        const monitor = plan.inputs(TYPES.serviceMonitor, "test-dcgm-metrics");
        expect(service.spec.selector).to.deep.equal({
            "app.kubernetes.io/name": "dcgm-exporter",
            "app.kubernetes.io/instance": release.name,
        });
        expect(service.metadata.namespace).to.equal(release.namespace);
        expect(service.spec.ports[0]).to.include({ name: "metrics", port: 9400 });
        expect(monitor.spec.endpoints[0]).to.include({ port: "metrics", honorLabels: false });
        // Tainted GPU nodes: the chart tolerates only the control-plane taint unless told otherwise.
        expect(release.values.tolerations).to.deep.equal([
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);
        expect(release.values.serviceMonitor.enabled).to.equal(false);
    });

    it("makes custom resources wait for the release that installs their CRDs, and nothing else wait on it", async () => {
        const plan = await runComponent(baseArgs());
        for (const type of [TYPES.serviceMonitor, TYPES.prometheusRule]) {
            for (const r of plan.ofType(type)) {
                expect(r.dependsOn, `${type} ${r.name}`).to.include("test-prometheus");
            }
        }
        const waiting = plan.resources
            .filter((r) => r.dependsOn.includes("test-prometheus"))
            .map((r) => r.type);
        expect(new Set(waiting)).to.deep.equal(
            new Set([TYPES.serviceMonitor, TYPES.prometheusRule]),
        );
        expect(plan.get(TYPES.hpa, "test-vllm").dependsOn).to.deep.equal([]);
    });

    it("parents every child to the component and names it after the component", async () => {
        const plan = await runComponent(baseArgs(), "shop");
        const children = plan.resources.filter((r) => r.type !== TYPES.component);
        expect(children).to.have.lengthOf.above(0);
        for (const r of children) {
            expect(r.parent, r.name).to.equal("shop");
            expect(r.name.startsWith("shop-"), r.name).to.equal(true);
        }
    });

    describe("switching parts off or pointing at what the user runs", () => {
        const all = async () => (await runComponent(baseArgs())).keys();

        it("prometheus.install=false with a URL removes exactly the kube-prometheus-stack release", async () => {
            const plan = await runComponent(
                baseArgs({
                    prometheus: {
                        install: false,
                        url: "http://prometheus-operated.obs.svc:9090",
                        monitorLabels: { release: "prom" },
                    },
                }),
            );
            expect(await all()).to.include(`${TYPES.release} test-prometheus`);
            expect(plan.keys()).to.deep.equal(
                (await all()).filter((k) => k !== `${TYPES.release} test-prometheus`),
            );
            const adapter = plan.inputs(TYPES.release, "test-prometheus-adapter");
            expect(adapter.values.prometheus).to.deep.equal({
                url: "http://prometheus-operated.obs.svc",
                port: 9090,
                path: "",
            });
            expect(
                plan.inputs(TYPES.serviceMonitor, "test-vllm-metrics").metadata.labels.release,
            ).to.equal("prom");
            expect(plan.get(TYPES.serviceMonitor, "test-vllm-metrics").dependsOn).to.deep.equal([]);
        });

        it("adapter.install=false removes exactly the prometheus-adapter release", async () => {
            const plan = await runComponent(baseArgs({ adapter: { install: false } }));
            expect(plan.keys()).to.deep.equal(
                (await all()).filter((k) => k !== `${TYPES.release} test-prometheus-adapter`),
            );
        });

        it("dcgmExporter.install=false with an existing exporter removes exactly the chart, and scrapes the existing one", async () => {
            const plan = await runComponent(
                baseArgs({
                    dcgmExporter: {
                        install: false,
                        existing: {
                            namespace: "gpu-operator",
                            podLabels: { app: "nvidia-dcgm-exporter" },
                        },
                    },
                }),
            );
            expect(plan.keys()).to.deep.equal(
                (await all()).filter((k) => k !== `${TYPES.release} test-dcgm-exporter`),
            );
            const service = plan.inputs(TYPES.service, "test-dcgm-metrics");
            expect(service.metadata.namespace).to.equal("gpu-operator");
            expect(service.spec.selector).to.deep.equal({ app: "nvidia-dcgm-exporter" });
        });

        it("no DCGM exporter at all removes the exporter, its Service, monitor, rule and adapter rule", async () => {
            const plan = await runComponent(baseArgs({ dcgmExporter: { install: false } }));
            const removed = [
                `${TYPES.release} test-dcgm-exporter`,
                `${TYPES.service} test-dcgm-metrics`,
                `${TYPES.serviceMonitor} test-dcgm-metrics`,
                `${TYPES.prometheusRule} test-gpu-utilization`,
            ];
            expect(plan.keys()).to.deep.equal((await all()).filter((k) => !removed.includes(k)));
            const served = plan
                .inputs(TYPES.release, "test-prometheus-adapter")
                .values.rules.custom.map((r: any) => r.name.as);
            expect(served).to.not.include("gpu_utilization_percent");
        });

        it("createMonitoringNamespace=false removes exactly the Namespace", async () => {
            const plan = await runComponent(baseArgs({ createMonitoringNamespace: false }));
            expect(plan.keys()).to.deep.equal(
                (await all()).filter((k) => k !== `${TYPES.namespace} test-monitoring`),
            );
            expect(plan.inputs(TYPES.release, "test-prometheus").namespace).to.equal("monitoring");
        });
    });

    it("lays user chart values under its own, so the wiring cannot be overridden by accident", async () => {
        const plan = await runComponent(
            baseArgs({
                prometheus: {
                    values: {
                        prometheus: {
                            prometheusSpec: {
                                ruleSelectorNilUsesHelmValues: true,
                                externalLabels: { cluster: "a" },
                            },
                        },
                    },
                },
            }),
        );
        const spec = plan.inputs(TYPES.release, "test-prometheus").values.prometheus.prometheusSpec;
        expect(spec.externalLabels).to.deep.equal({ cluster: "a" });
        expect(spec.ruleSelectorNilUsesHelmValues).to.equal(false);
    });
});
