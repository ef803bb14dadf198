/**
 * The self-managed metrics pipeline on loopback, from each stack's rendered plan:
 * emulated vLLM and DCGM exporter pods (values set by the test) -> a real Prometheus scraping them
 * as the emitted ServiceMonitors say, with the emitted recording rules loaded -> the emitted
 * prometheus-adapter rules' queries, rendered for the HPA's pods as the adapter renders them ->
 * the HPA's replica formula with the emitted targets and bounds.
 */
import { expect } from "chai";
import * as yaml from "js-yaml";
import { shippedStacks } from "../../harness/plan";
import { renderedStack } from "../../harness/rendered-stack";
import { AdapterRule, renderPodsQuery } from "../../harness/pipeline/adapter-query";
import {
    dcgmMetrics,
    formatExposition,
    Gpu,
    VllmLoad,
    vllmMetrics,
} from "../../harness/pipeline/exposition";
import { desiredReplicas, proposeReplicas } from "../../hpa-model/controller";
import { getMetric, MetricName } from "../../components/vocabulary/metrics";
import { MetricsEmulator } from "../../harness/pipeline/metrics-emulator";
import { PrometheusServer } from "../../harness/pipeline/prometheus-server";
import { waitFor } from "../../harness/wait";
import { EmulatedPod, prometheusConfig } from "../../harness/pipeline/scrape";
import { selfManagedPipeline, SelfManagedPipeline } from "../../harness/pipeline/topology";

/** How the test sets each catalog metric on one pod (all of a pod's GPUs get the same utilisation). */
type Knob = (pod: PodState, value: number) => void;
interface PodState {
    load: VllmLoad;
    gpus: Gpu[];
}
const KNOBS: Record<string, Knob> = {
    vllm_num_requests_running: (p, v) => (p.load.running = v),
    vllm_num_requests_waiting: (p, v) => (p.load.waiting = v),
    vllm_kv_cache_usage_perc: (p, v) => (p.load.kvCache = v),
    gpu_utilization_percent: (p, v) => p.gpus.forEach((g) => (g.utilisation = v)),
};
const READ: Record<string, (p: PodState) => number> = {
    vllm_num_requests_running: (p) => p.load.running,
    vllm_num_requests_waiting: (p) => p.load.waiting,
    vllm_kv_cache_usage_perc: (p) => p.load.kvCache,
    gpu_utilization_percent: (p) => p.gpus.reduce((a, g) => a + g.utilisation, 0) / p.gpus.length,
};

interface HpaMetric {
    name: string;
    target: number;
}

/** The HPA's Pods metrics and their targets, parsed from the emitted quantities ("4", "800m"). */
function hpaMetrics(pipeline: SelfManagedPipeline): HpaMetric[] {
    return (pipeline.hpa.spec.metrics as any[]).map((m) => {
        expect(m.type, "the test models Pods metrics").to.equal("Pods");
        expect(m.pods.target.type).to.equal("AverageValue");
        const q = String(m.pods.target.averageValue);
        const target = q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
        expect(Number.isFinite(target), `quantity ${q}`).to.equal(true);
        return { name: m.pods.metric.name as string, target };
    });
}

function ruleFor(pipeline: SelfManagedPipeline, metric: string): AdapterRule {
    const rules = pipeline.adapterRules.filter((r) => r.name.as === metric);
    expect(rules, `prometheus-adapter rules serving ${metric}`).to.have.length(1);
    return rules[0];
}

/**
 * One adapter request: the rendered query's result as a value per pod. Fails when a sample cannot
 * be attributed to a requested pod, as the adapter could not attribute it either.
 */
async function podValues(
    prom: PrometheusServer,
    rule: AdapterRule,
    series: string,
    namespace: string,
    pods: string[],
) {
    const query = renderPodsQuery(rule, { series, namespace, pods });
    const values = new Map<string, number>();
    for (const s of await prom.query(query)) {
        const pod = s.metric.pod;
        if (pod === undefined || !pods.includes(pod) || values.has(pod)) {
            throw new Error(
                `${query} returned ${JSON.stringify(s.metric)}, which is not one requested pod`,
            );
        }
        values.set(pod, s.value);
    }
    return values;
}

describe("metrics pipeline on loopback (emulated exporters -> Prometheus -> adapter queries -> HPA)", function () {
    this.timeout(60_000);
    const covered: string[] = [];

    // Stacks on GKE managed collection have no in-cluster pipeline (tests/components/clouds/clouds.test.ts covers that).
    const selfManaged = shippedStacks().filter(
        (s) => selfManagedPipeline(renderedStack(s)) !== undefined,
    );
    for (const stack of selfManaged) {
        describe(`stack ${stack}`, () => {
            let pipeline: SelfManagedPipeline;
            let metrics: HpaMetric[];
            let prom: PrometheusServer | undefined;
            const emulator = new MetricsEmulator();
            const state = new Map<string, PodState>();
            let hpaPods: string[];
            let namespace: string;

            before(async function () {
                pipeline = selfManagedPipeline(renderedStack(stack))!;
                metrics = hpaMetrics(pipeline);
                namespace = pipeline.hpa.metadata.namespace ?? "default";
                const deployment = pipeline.hpa.spec.scaleTargetRef.name as string;
                hpaPods = [`${deployment}-7d9c4-abcde`, `${deployment}-7d9c4-fghij`];
                // A pod the vLLM Service also selects but the HPA's request does not name: it must not count.
                const stranger = `${deployment}-canary-0`;
                for (const [i, pod] of [...hpaPods, stranger].entries()) {
                    state.set(pod, {
                        load: { running: 0, waiting: 0, kvCache: 0, legacyKvCacheName: i === 1 },
                        gpus: [
                            {
                                index: 0,
                                utilisation: 0,
                                holder: { namespace, pod, container: "inference-server" },
                            },
                        ],
                    });
                }
                state.get(stranger)!.load.running = 100;
                state.get(stranger)!.gpus[0].utilisation = 100;

                const vllmPods: EmulatedPod[] = [];
                for (const [pod, s] of state) {
                    const t = await emulator.serve(pipeline.vllm.endpoints[0].path, () =>
                        formatExposition(vllmMetrics("google/gemma-3-1b-it", s.load)),
                    );
                    vllmPods.push({ pod, container: "inference-server", address: t.address });
                }
                const targets = [{ target: pipeline.vllm, pods: vllmPods }];
                if (pipeline.dcgm) {
                    // Two GPU nodes; the second also has an idle GPU, which belongs to no pod.
                    const nodes: { node: string; gpus: () => Gpu[] }[] = [
                        { node: "gpu-node-a", gpus: () => state.get(hpaPods[0])!.gpus },
                        {
                            node: "gpu-node-b",
                            gpus: () => [
                                ...state.get(hpaPods[1])!.gpus,
                                { ...state.get(stranger)!.gpus[0], index: 1 },
                                { index: 2, utilisation: 97 },
                            ],
                        },
                    ];
                    const exporterPods: EmulatedPod[] = [];
                    for (const n of nodes) {
                        const t = await emulator.serve(pipeline.dcgm.endpoints[0].path, () =>
                            formatExposition(dcgmMetrics(n.node, n.gpus())),
                        );
                        exporterPods.push({
                            pod: `dcgm-exporter-${n.node}`,
                            container: "exporter",
                            address: t.address,
                        });
                    }
                    targets.push({ target: pipeline.dcgm, pods: exporterPods });
                }
                // The emitted rules, evaluated every second instead of every scrape interval.
                const rules = yaml.dump({
                    groups: pipeline.ruleGroups.map((g) => ({ ...g, interval: "1s" })),
                });
                prom = await PrometheusServer.start(prometheusConfig(targets, ["rules.yaml"]), {
                    "rules.yaml": rules,
                });
                covered.push(stack);
            });

            after(async () => {
                await prom?.stop();
                await emulator.stop();
            });

            /** Sets every HPA pod's metric to `value` and waits until the adapter's query returns it for each. */
            async function setAndObserve(
                metric: string,
                value: number,
            ): Promise<Map<string, number>> {
                const knob = KNOBS[metric];
                if (!knob) {
                    throw new Error(`the test cannot drive HPA metric ${metric}: add it to KNOBS`);
                }
                hpaPods.forEach((p) => knob(state.get(p)!, value));
                return observe(metric);
            }

            async function observe(metric: string): Promise<Map<string, number>> {
                const rule = ruleFor(pipeline, metric);
                const expected = new Map(hpaPods.map((p) => [p, READ[metric](state.get(p)!)]));
                return waitFor(
                    `${metric} = ${JSON.stringify([...expected])} through the adapter's query`,
                    async () => {
                        const got = await podValues(prom!, rule, metric, namespace, hpaPods);
                        const same =
                            got.size === expected.size &&
                            [...expected].every(
                                ([p, v]) => Math.abs((got.get(p) ?? NaN) - v) < 1e-9,
                            );
                        return same ? got : undefined;
                    },
                    20_000,
                    250,
                );
            }

            function decide(observed: Map<string, Map<string, number>>): number {
                return desiredReplicas({
                    pods: hpaPods,
                    minReplicas: pipeline.hpa.spec.minReplicas ?? 1,
                    maxReplicas: pipeline.hpa.spec.maxReplicas,
                    metrics: metrics.map((m) => ({
                        target: m.target,
                        values: observed.get(m.name)!,
                    })),
                });
            }

            it("the adapter discovers each HPA metric's series for the HPA's pods", async () => {
                for (const m of metrics) {
                    const rule = ruleFor(pipeline, m.name);
                    const names = await waitFor(
                        `series for ${rule.seriesQuery}`,
                        async () => {
                            const series = await prom!.series(rule.seriesQuery);
                            const ours = series.filter(
                                (s) => s.namespace === namespace && hpaPods.includes(s.pod),
                            );
                            return ours.length >= hpaPods.length
                                ? ours.map((s) => s.__name__)
                                : undefined;
                        },
                        20_000,
                        250,
                    );
                    const matches = new RegExp(rule.name.matches ?? ".*");
                    expect(
                        names.every((n) => matches.test(n)),
                        `${names} against ${rule.name.matches}`,
                    ).to.equal(true);
                }
            });

            it("serves every adapter rule's metric per pod, attributing no other pod's load", async () => {
                // Includes the KV-cache metric, which one pod reports under vLLM's deprecated name.
                const values = [3, 1, 0.5, 42];
                for (const [i, rule] of pipeline.adapterRules.entries()) {
                    const metric = rule.name.as as string;
                    if (metric === "gpu_utilization_percent" && !pipeline.dcgm) {
                        continue;
                    }
                    // Percentiles and growth need a window of history, not a level: tests/pipeline/latency-metrics.test.ts;
                    // the emulated pods are vLLM's: other engines' rules are tested in tests/components/vocabulary/server-metrics.test.ts.
                    const definition = getMetric(metric as MetricName);
                    if (
                        definition.read.kind !== "gauge" ||
                        !["vllm", "dcgm"].includes(definition.source)
                    ) {
                        continue;
                    }
                    const got = await setAndObserve(metric, values[i % values.length]);
                    expect([...got.keys()].sort()).to.deep.equal([...hpaPods].sort());
                }
            });

            it("N pods at twice each target want 2N replicas (capped at max), one metric at a time", async () => {
                const n = hpaPods.length;
                const max = pipeline.hpa.spec.maxReplicas as number;
                for (const busy of metrics) {
                    const observed = new Map<string, Map<string, number>>();
                    for (const m of metrics) {
                        observed.set(
                            m.name,
                            await setAndObserve(m.name, m === busy ? 2 * m.target : m.target),
                        );
                    }
                    expect(
                        proposeReplicas(hpaPods, {
                            target: busy.target,
                            values: observed.get(busy.name)!,
                        }),
                        busy.name,
                    ).to.equal(2 * n);
                    expect(decide(observed), `${busy.name} at twice its target`).to.equal(
                        Math.min(max, 2 * n),
                    );
                }
            });

            it("follows the load: up to max under heavy load, holds within tolerance, back to min when idle", async () => {
                const max = pipeline.hpa.spec.maxReplicas as number;
                const min = pipeline.hpa.spec.minReplicas ?? 1;
                const [first, ...rest] = metrics;
                const observed = new Map<string, Map<string, number>>();
                for (const m of rest) {
                    observed.set(m.name, await setAndObserve(m.name, 0));
                }
                observed.set(first.name, await setAndObserve(first.name, 8 * first.target));
                expect(decide(observed), "heavy load").to.equal(Math.min(max, 8 * hpaPods.length));
                observed.set(first.name, await setAndObserve(first.name, 1.05 * first.target));
                expect(decide(observed), "within tolerance").to.equal(
                    Math.max(min, hpaPods.length),
                );
                observed.set(first.name, await setAndObserve(first.name, 0));
                expect(decide(observed), "idle").to.equal(min);
            });

            it("a query that loses the pod label cannot be attributed, so the metric would be missing", async () => {
                const rule = ruleFor(pipeline, metrics[0].name);
                const broken = {
                    ...rule,
                    metricsQuery: rule.metricsQuery.replace(/by \(<<\.GroupBy>>\)/, ""),
                };
                expect(broken.metricsQuery).to.not.equal(rule.metricsQuery);
                let error: unknown;
                try {
                    await podValues(prom!, broken, metrics[0].name, namespace, hpaPods);
                } catch (err) {
                    error = err;
                }
                expect(String(error)).to.match(/not one requested pod/);
            });
        });
    }

    describe("across stacks", () => {
        it("ran the pipeline for at least one stack", () => {
            expect(covered, "no stack has a self-managed pipeline").to.have.lengthOf.above(0);
        });
    });
});
