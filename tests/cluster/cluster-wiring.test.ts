/**
 * The whole cluster each stack makes (its own objects plus every object helm renders from the pinned
 * charts with our values) holds together: valid objects, Services that reach pods and ports,
 * monitors that reach Services, a Prometheus that selects our monitors and rules, an adapter that
 * serves every HPA metric from a reachable Prometheus, one owner per object and APIService, GPU
 * DaemonSets that fit the GPU nodes, and pinned images. Then each check is shown to catch a break.
 */
import { expect } from "chai";
import { readStackConfig, shippedStacks } from "../../harness/plan";
import { schemaProblems } from "../schema/object-schemas";
import {
    ClusterEntry,
    KEDA_BACKEND,
    RenderedStack,
    renderedStack,
} from "../../harness/rendered-stack";
import { gpuNodeShapes } from "./gpu-nodes";
import { componentGpuDaemonSets, placeholderPriorityProblems } from "./capacity";
import {
    adapterWiring,
    apiServiceOwners,
    controlPlaneReach,
    CLUSTER_OWN,
    duplicateObjects,
    gpuDaemonSetScheduling,
    gpuWorkloadScheduling,
    kedaTriggerWiring,
    monitorWiring,
    OutsideRender,
    prometheusSelection,
    serviceWiring,
    untaggedImages,
} from "./wiring";

/**
 * A second model on the platform, in its own namespace, with its own node pool on another
 * accelerator where the cloud makes pools.
 */
/** Another accelerator than the stack's own pool, on a one-GPU machine of that cloud. */
const OTHER_ACCELERATOR: Record<string, string> = {
    gke: "nvidia-t4",
    eks: "nvidia-a10g",
    aks: "nvidia-a100-80gb",
};

function secondModel(stack: string): string {
    const accelerator = OTHER_ACCELERATOR[stack];
    const model = {
        name: "qwen",
        server: {
            namespace: "qwen",
            deploymentName: "qwen-server",
            podLabels: { app: "qwen" },
            metricsPort: 8000,
            deploy: { model: "Qwen/Qwen3-0.6B" },
        },
        // Its own pool holds its own warm headroom.
        ...(accelerator ? { nodePool: { accelerator, maxNodes: 2 }, warmCapacity: 1 } : {}),
    };
    return `inference-autoscaling:models=${JSON.stringify([model])}`;
}

/** A second model, with warm GPU headroom on the platform's pool (and on the model's own pool). */
const WITH_SECOND_MODEL = (stack: string) => [
    secondModel(stack),
    "inference-autoscaling:warmCapacity=1",
];

/** Every stack, with its default backend and with KEDA, and with a second model; GKE also with self-managed collection. */
const VARIANTS: { stack: string; overrides: readonly string[] }[] = shippedStacks().flatMap(
    (stack) => [
        { stack, overrides: [] },
        { stack, overrides: KEDA_BACKEND },
        { stack, overrides: WITH_SECOND_MODEL(stack) },
        ...(stack === "gke"
            ? [{ stack, overrides: ["inference-autoscaling:collection=self-managed"] }]
            : []),
    ],
);

/** Charts whose DaemonSets are meant for the GPU nodes. */
const GPU_DAEMONSET_CHARTS = ["dcgm-exporter", "nvidia-device-plugin"];

/** What lies outside the render by design: the cluster's own pods, and the user's vLLM pods when the stack does not deploy them. */
function outsideRender(rendered: RenderedStack): OutsideRender[] {
    const server = JSON.parse(
        readStackConfig(rendered.stack).config["inference-autoscaling:server"],
    ) as {
        namespace: string;
        podLabels: Record<string, string>;
        deploy?: unknown;
    };
    return server.deploy
        ? [...CLUSTER_OWN]
        : [
              ...CLUSTER_OWN,
              {
                  namespace: server.namespace,
                  selector: server.podLabels,
                  because: "the user's own vLLM Deployment (server.deploy is not set)",
              },
          ];
}

const releasesOfCharts = (rendered: RenderedStack, charts: string[]) =>
    rendered.releases.filter((r) => charts.includes(r.chart)).map((r) => r.name);

describe("the whole rendered cluster (component objects + real helm on the pinned charts)", function () {
    this.timeout(300_000);

    for (const { stack, overrides } of VARIANTS) {
        describe(`stack ${stack}${overrides.length ? ` with ${overrides.join(" ").slice(0, 80)}` : ""}`, () => {
            let rendered: RenderedStack;
            before(() => {
                rendered = renderedStack(stack, overrides);
            });

            it("renders every release's objects, CRDs included, and says which release each came from", () => {
                for (const release of rendered.releases) {
                    expect(
                        rendered.cluster.filter((e) => e.source === release.name),
                        `objects of release ${release.name}`,
                    ).to.have.lengthOf.above(0);
                }
                if (rendered.releases.some((r) => r.chart === "kube-prometheus-stack")) {
                    expect(
                        rendered.cluster.some(
                            (e) =>
                                e.kind === "CustomResourceDefinition" &&
                                e.name === "servicemonitors.monitoring.coreos.com",
                        ),
                    ).to.equal(true);
                }
            });

            it("every object validates against its schema (charts' own CRDs for their custom resources)", async () => {
                const crds = rendered.cluster
                    .filter((e) => e.kind === "CustomResourceDefinition")
                    .map((e) => e.object);
                const problems: string[] = [];
                for (const e of rendered.cluster) {
                    for (const p of await schemaProblems(e.object, crds)) {
                        problems.push(`${e.file}: ${p}`);
                    }
                }
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("uses only built-in API versions a cluster of the render's version serves (no removed beta)", () => {
                // Built-in groups are the core group and *.k8s.io; CRD groups (keda.sh, monitoring.coreos.com) may be beta.
                const removed = rendered.cluster
                    .filter((e) => {
                        const [group, version] = String(e.object.apiVersion).includes("/")
                            ? String(e.object.apiVersion).split("/")
                            : ["", String(e.object.apiVersion)];
                        return (
                            (group === "" || group.endsWith("k8s.io") || !group.includes(".")) &&
                            /(alpha|beta)/.test(version)
                        );
                    })
                    .map((e) => `${e.file}: ${String(e.object.apiVersion)} ${e.kind}`);
                expect(removed, removed.join("\n")).to.deep.equal([]);
            });

            it("every APIService and webhook the API server calls is on a port a private GKE control plane reaches", () => {
                const problems = controlPlaneReach(rendered.cluster);
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("no kind/namespace/name is defined twice, and each APIService has one owner", () => {
                const problems = [
                    ...duplicateObjects(rendered.cluster),
                    ...apiServiceOwners(rendered.cluster),
                ];
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("every Service selects pods in the render and their named target ports", () => {
                const problems = serviceWiring(rendered.cluster, outsideRender(rendered));
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("every ServiceMonitor/PodMonitor reaches a Service or pods and a port that exist", () => {
                const problems = monitorWiring(rendered.cluster, outsideRender(rendered));
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("the Prometheus selects the component's monitors and rules", () => {
                const problems = prometheusSelection(rendered.cluster);
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("the metrics backend serves every HPA metric from a Prometheus it can reach", () => {
                const problems = [
                    ...releasesOfCharts(rendered, ["prometheus-adapter"]).flatMap((r) =>
                        adapterWiring(rendered.cluster, r),
                    ),
                    ...kedaTriggerWiring(rendered.cluster),
                ];
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("every DaemonSet meant for GPU nodes tolerates the taints and matches the labels of every GPU pool", () => {
                const problems = gpuNodeShapes(rendered.plan).flatMap((node) =>
                    gpuDaemonSetScheduling(
                        rendered.cluster,
                        releasesOfCharts(rendered, GPU_DAEMONSET_CHARTS),
                        node,
                    ).map((p) => `${p} (GPU nodes of ${node.from})`),
                );
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            const cloud = readStackConfig(stack).config["inference-autoscaling:cloud"];
            if (["gke", "eks", "aks"].includes(cloud)) {
                it(`scrapes no control-plane component ${cloud} keeps out of reach`, () => {
                    const unreachable = ["kube-controller-manager", "kube-scheduler", "etcd"];
                    const scraped = rendered.cluster
                        .filter(
                            (e) =>
                                e.kind === "Service" &&
                                unreachable.includes(e.object.spec?.selector?.component),
                        )
                        .map((e) => e.file);
                    expect(scraped).to.deep.equal([]);
                });
            }

            it("every workload requesting GPUs fits one of the GPU pools (a model's server, its own pool)", () => {
                const problems = gpuWorkloadScheduling(
                    rendered.cluster,
                    gpuNodeShapes(rendered.plan),
                );
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("every container image has an explicit tag", () => {
                const problems = untaggedImages(rendered.cluster);
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("warm-capacity placeholders rank below every other pod asking for GPUs, and not below the node autoscaler's expendable cutoff", () => {
                const problems = placeholderPriorityProblems(rendered.cluster);
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });

            it("the component's DaemonSets (image pre-pull) run on GPU pools only, asking for no GPU", () => {
                const problems = componentGpuDaemonSets(
                    rendered.cluster,
                    gpuNodeShapes(rendered.plan),
                );
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });
        });
    }

    describe("each check catches a break, naming the objects", () => {
        /** The EKS render (every chart but KEDA), deep-copied so a test may break it. */
        const eks = () => structuredClone(renderedStack("eks").cluster) as ClusterEntry[];
        const find = (cluster: ClusterEntry[], kind: string, name: RegExp) => {
            const found = cluster.find((e) => e.kind === kind && name.test(e.name));
            if (!found) {
                throw new Error(`no ${kind} ${name} in the EKS render`);
            }
            return found;
        };
        const outside = () => outsideRender(renderedStack("eks"));

        it("a DCGM exporter whose pods lose the label our Service selects", () => {
            const cluster = eks();
            const ds = find(cluster, "DaemonSet", /dcgm-exporter$/);
            ds.object.spec.template.metadata.labels["app.kubernetes.io/name"] = "gpu-dcgm-exporter";
            expect(serviceWiring(cluster, outside()).join("\n")).to.match(
                /Service vllm-example\/inference-dcgm-metrics|Service inference-monitoring\/inference-dcgm-metrics \(component\) selects .*which no pods in the render carry/,
            );
        });

        it("a DCGM exporter container that no longer declares the port our Service targets", () => {
            const cluster = eks();
            const ds = find(cluster, "DaemonSet", /dcgm-exporter$/);
            ds.object.spec.template.spec.containers[0].ports[0].containerPort = 9401;
            expect(serviceWiring(cluster, outside()).join("\n")).to.match(
                /inference-dcgm-metrics \(component\) port metrics targets 9400, which DaemonSet .*dcgm-exporter \(release inference-dcgm-exporter\)'s pods do not declare/,
            );
        });

        it("a ServiceMonitor whose port name the Service does not have", () => {
            const cluster = eks();
            find(cluster, "ServiceMonitor", /vllm-metrics$/).object.spec.endpoints[0].port =
                "http-metrics";
            expect(monitorWiring(cluster, outside()).join("\n")).to.match(
                /ServiceMonitor vllm-example\/inference-vllm-metrics \(component\) scrapes port "http-metrics", which Service vllm-example\/inference-vllm-metrics \(component\) does not name/,
            );
        });

        it("a Prometheus that selects monitors by the chart's release label only", () => {
            const cluster = eks();
            find(cluster, "Prometheus", /./).object.spec.serviceMonitorSelector = {
                matchLabels: { release: "inference-prometheus" },
            };
            expect(prometheusSelection(cluster).join("\n")).to.match(
                /Prometheus inference-monitoring\/inference-kps-prometheus \(release inference-prometheus\) does not select ServiceMonitor .* \(component\): serviceMonitorSelector/,
            );
        });

        it("an adapter without a rule for an HPA metric, or pointed at a Service that is not there", () => {
            const cluster = eks();
            const cm = find(cluster, "ConfigMap", /prometheus-adapter$/);
            cm.object.data["config.yaml"] = "rules: []\n";
            const dep = find(cluster, "Deployment", /prometheus-adapter$/);
            const args = dep.object.spec.template.spec.containers[0].args as string[];
            args[args.findIndex((a) => a.startsWith("--prometheus-url="))] =
                "--prometheus-url=http://prometheus.monitoring.svc:9090";
            const problems = adapterWiring(cluster, "inference-prometheus-adapter").join("\n");
            expect(problems).to.match(
                /HorizontalPodAutoscaler vllm-example\/inference-vllm \(component\) reads Pods metric vllm_kv_cache_usage_perc, but ConfigMap .* has no rule naming it/,
            );
            expect(problems).to.match(
                /points at http:\/\/prometheus.monitoring.svc:9090, but no Service monitoring\/prometheus is in the render/,
            );
        });

        it("an object or an APIService defined twice", () => {
            const cluster = eks();
            const api = find(cluster, "APIService", /custom.metrics/);
            cluster.push(
                { ...structuredClone(api), source: "component" },
                {
                    ...structuredClone(api),
                    name: "v1beta1.custom.metrics.k8s.io-2",
                    source: "other",
                },
            );
            expect(duplicateObjects(cluster).join("\n")).to.match(
                /APIService v1beta1.custom.metrics.k8s.io \(component\) is also defined by release inference-prometheus-adapter/,
            );
            expect(apiServiceOwners(cluster).join("\n")).to.match(
                /APIService v1beta1.custom.metrics.k8s.io is registered 3 times/,
            );
        });

        it("a GPU DaemonSet that does not tolerate the GPU taint, or selects labels the GPU nodes lack", () => {
            const cluster = eks();
            const ds = find(cluster, "DaemonSet", /dcgm-exporter$/);
            ds.object.spec.template.spec.tolerations = [];
            ds.object.spec.template.spec.nodeSelector = { "nvidia.com/gpu.present": "yes" };
            const problems = gpuDaemonSetScheduling(
                cluster,
                ["inference-dcgm-exporter"],
                gpuNodeShapes(renderedStack("eks").plan)[0],
            ).join("\n");
            expect(problems).to.match(
                /DaemonSet inference-monitoring\/inference-dcgm-exporter \(release inference-dcgm-exporter\) cannot run on the GPU nodes: does not tolerate the GPU nodes' taint nvidia.com\/gpu=present:NoSchedule/,
            );
            expect(problems).to.match(
                /nodeSelector nvidia.com\/gpu.present=yes does not match the GPU nodes/,
            );
        });

        it("placeholders that outrank a server, or sit below the autoscaler's cutoff; a pre-pull DaemonSet for every node or asking for a GPU", () => {
            const warm = () =>
                structuredClone(
                    renderedStack("eks", WITH_SECOND_MODEL("eks")).cluster,
                ) as ClusterEntry[];
            const raised = warm();
            find(raised, "PriorityClass", /^inference-warm-capacity$/).object.value = 0;
            expect(placeholderPriorityProblems(raised).join("\n")).to.match(
                /Deployment inference-warm-capacity\/inference-warm-capacity \(component\) \(priority 0\) is not below Deployment vllm-example\/vllm-gemma-deployment \(component\) \(priority 0\)/,
            );
            const cutoff = warm();
            const ca = find(cutoff, "Deployment", /cluster-autoscaler/).object.spec.template.spec
                .containers[0];
            ca.command = (ca.command as string[]).map((a) =>
                a.startsWith("--expendable-pods-priority-cutoff=")
                    ? "--expendable-pods-priority-cutoff=0"
                    : a,
            );
            expect(placeholderPriorityProblems(cutoff).join("\n")).to.match(
                /Deployment inference-warm-capacity\/inference-warm-capacity \(component\) has priority -10, below the expendable cutoff 0 of Deployment kube-system\/.*cluster-autoscaler/,
            );
            const everywhere = warm();
            const prepull = find(everywhere, "DaemonSet", /^inference-image-prepull$/).object.spec
                .template.spec;
            prepull.nodeSelector = {};
            prepull.containers[0].resources.limits["nvidia.com/gpu"] = "1";
            const problems = componentGpuDaemonSets(
                everywhere,
                gpuNodeShapes(renderedStack("eks").plan),
            ).join("\n");
            expect(problems).to.match(
                /DaemonSet vllm-example\/inference-image-prepull \(component\) has no nodeSelector: it would run on every node/,
            );
            expect(problems).to.match(
                /DaemonSet vllm-example\/inference-image-prepull \(component\) asks for GPUs/,
            );
        });

        it("an image without a tag", () => {
            const cluster = eks();
            find(
                cluster,
                "Deployment",
                /prometheus-adapter$/,
            ).object.spec.template.spec.containers[0].image =
                "registry.k8s.io/prometheus-adapter/prometheus-adapter";
            expect(untaggedImages(cluster).join("\n")).to.match(
                /Deployment inference-monitoring\/inference-prometheus-adapter \(release inference-prometheus-adapter\) container prometheus-adapter uses registry.k8s.io\/prometheus-adapter\/prometheus-adapter: pin a tag or digest/,
            );
        });
    });
});
