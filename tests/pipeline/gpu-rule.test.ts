/**
 * The recording rules the component emits, taken from each stack's rendered plan, checked by
 * promtool: `check rules` for every rule object, and `test rules` for the GPU rule with input
 * series shaped like DCGM exporter output scraped through the emitted ServiceMonitor.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { shippedStacks } from "../../harness/plan";
import { runBinary } from "../../harness/binaries";
import { renderedStack } from "../../harness/rendered-stack";
import { dcgmMetrics, Gpu, Labels } from "../../harness/pipeline/exposition";
import { scrapedLabels, targetLabels } from "../../harness/pipeline/scrape";
import {
    RuleGroup,
    ruleObjects,
    selfManagedPipeline,
    ScrapeTarget,
} from "../../harness/pipeline/topology";

/** The pipeline's rule files keep only what Prometheus reads (Thanos's field is dropped by the operator). */
function ruleFile(groups: RuleGroup[]): string {
    return yaml.dump({
        groups: groups.map(({ partial_response_strategy: _thanosOnly, ...g }) => g),
    });
}

function seriesSelector(name: string, labels: Labels): string {
    const pairs = Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return `${name}{${pairs.join(",")}}`;
}

interface Node {
    name: string;
    exporterPod: string;
    gpus: Gpu[];
}

/** Two GPU nodes: one pod with two GPUs, one with one, a pod of another namespace, an idle GPU. */
function cluster(serverNamespace: string): Node[] {
    const holder = (namespace: string, pod: string) => ({
        namespace,
        pod,
        container: "inference-server",
    });
    return [
        {
            name: "gpu-node-a",
            exporterPod: "dcgm-exporter-7xk2p",
            gpus: [
                { index: 0, utilisation: 80, holder: holder(serverNamespace, "vllm-0") },
                { index: 1, utilisation: 60, holder: holder(serverNamespace, "vllm-0") },
            ],
        },
        {
            name: "gpu-node-b",
            exporterPod: "dcgm-exporter-m4c9z",
            gpus: [
                { index: 0, utilisation: 35, holder: holder(serverNamespace, "vllm-1") },
                { index: 1, utilisation: 90, holder: holder("other-team", "vllm-0") },
                { index: 2, utilisation: 0 },
            ],
        },
    ];
}

/** DCGM_FI_DEV_GPU_UTIL as stored after scraping each node's exporter through `target`. */
function storedGpuSeries(target: ScrapeTarget, nodes: Node[]): { labels: Labels; value: number }[] {
    return nodes.flatMap((node) => {
        const family = dcgmMetrics(node.name, node.gpus).find(
            (f) => f.name === "DCGM_FI_DEV_GPU_UTIL",
        )!;
        const tlabels = targetLabels(target, {
            pod: node.exporterPod,
            container: "exporter",
            address: `${node.name}:9400`,
        });
        return family.samples.map((s) => ({
            labels: scrapedLabels(s.labels, tlabels, target.endpoints[0].honorLabels),
            value: s.value,
        }));
    });
}

/** What the rule must record: per GPU-holding pod, the mean utilisation of its GPUs. */
function expectedPerPod(nodes: Node[]): { namespace: string; pod: string; value: number }[] {
    const byPod = new Map<string, { namespace: string; pod: string; values: number[] }>();
    for (const g of nodes.flatMap((n) => n.gpus)) {
        if (g.holder) {
            const key = `${g.holder.namespace}/${g.holder.pod}`;
            const entry = byPod.get(key) ?? {
                namespace: g.holder.namespace,
                pod: g.holder.pod,
                values: [],
            };
            entry.values.push(g.utilisation);
            byPod.set(key, entry);
        }
    }
    return [...byPod.values()].map((e) => ({
        ...e,
        value: e.values.reduce((a, b) => a + b, 0) / e.values.length,
    }));
}

function promtoolTest(
    dir: string,
    groups: RuleGroup[],
    record: string,
    target: ScrapeTarget,
    nodes: Node[],
) {
    fs.writeFileSync(path.join(dir, "rules.yaml"), ruleFile(groups));
    const test = {
        rule_files: ["rules.yaml"],
        evaluation_interval: "15s",
        tests: [
            {
                interval: "15s",
                input_series: storedGpuSeries(target, nodes).map((s) => ({
                    series: seriesSelector("DCGM_FI_DEV_GPU_UTIL", s.labels),
                    values: `${s.value}x20`,
                })),
                promql_expr_test: [
                    {
                        expr: record,
                        eval_time: "2m",
                        exp_samples: expectedPerPod(nodes).map((e) => ({
                            labels: seriesSelector(record, { namespace: e.namespace, pod: e.pod }),
                            value: e.value,
                        })),
                    },
                ],
            },
        ],
    };
    fs.writeFileSync(path.join(dir, "test.yaml"), yaml.dump(test));
    return runBinary("promtool", ["test", "rules", "test.yaml"], dir);
}

/** The seeds' rule: relabels without requiring a GPU-holding pod (idle GPUs keep the exporter's pod). */
const SEED_EXPR =
    'label_replace(label_replace(DCGM_FI_DEV_GPU_UTIL, "pod", "$1", "exported_pod", "(.+)"), "namespace", "$1", "exported_namespace", "(.+)")';

describe("recording rules under promtool", function () {
    this.timeout(120_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const covered: string[] = [];
    // Every stack that emits rules: PrometheusRules (self-managed) and GMP Rules (GKE managed).
    const withRules = shippedStacks().filter((s) => ruleObjects(renderedStack(s)).length > 0);
    for (const stack of withRules) {
        describe(`stack ${stack}`, () => {
            it("every rule object passes `promtool check rules`", function () {
                const objects = ruleObjects(renderedStack(stack));
                for (const o of objects) {
                    fs.writeFileSync(path.join(dir, "rules.yaml"), ruleFile(o.spec.groups));
                    const r = runBinary("promtool", ["check", "rules", "rules.yaml"], dir);
                    expect(r.status, `${o.kind} ${o.metadata.name}:\n${r.output}`).to.equal(0);
                }
            });

            // The GPU recording rule belongs to self-managed collection; GKE's per-pod rules are tested in gke-rules.test.ts.
            if (selfManagedPipeline(renderedStack(stack)) === undefined) {
                return;
            }

            it("records GPU utilisation per GPU-holding pod with that pod's namespace and name", function () {
                const pipeline = selfManagedPipeline(renderedStack(stack));
                const gpuRule = pipeline?.ruleGroups
                    .flatMap((g) => g.rules)
                    .find((r) => r.expr.includes("DCGM_FI_DEV_GPU_UTIL"));
                expect(pipeline?.dcgm, "a stack with rules scrapes a DCGM exporter").to.not.equal(
                    undefined,
                );
                expect(gpuRule?.record, "a stack with rules records GPU utilisation").to.be.a(
                    "string",
                );
                if (!pipeline?.dcgm || !gpuRule?.record) {
                    return;
                }
                covered.push(stack);
                const nodes = cluster(pipeline.hpa.metadata.namespace ?? "default");
                const r = promtoolTest(
                    dir,
                    pipeline.ruleGroups,
                    gpuRule.record,
                    pipeline.dcgm,
                    nodes,
                );
                expect(r.status, r.output).to.equal(0);
                expect(r.output).to.match(/SUCCESS/);
            });

            it("the same test fails for the seeds' rule, which attributes idle GPUs to the exporter pod", function () {
                const pipeline = selfManagedPipeline(renderedStack(stack));
                const groups = pipeline?.ruleGroups ?? [];
                const gpuRule = groups
                    .flatMap((g) => g.rules)
                    .find((r) => r.expr.includes("DCGM_FI_DEV_GPU_UTIL"));
                expect(pipeline?.dcgm).to.not.equal(undefined);
                expect(gpuRule?.record).to.be.a("string");
                if (!pipeline?.dcgm || !gpuRule?.record) {
                    return;
                }
                const seeded = groups.map((g) => ({
                    ...g,
                    rules: g.rules.map((r) => (r === gpuRule ? { ...r, expr: SEED_EXPR } : r)),
                }));
                const r = promtoolTest(
                    dir,
                    seeded,
                    gpuRule.record,
                    pipeline.dcgm,
                    cluster(pipeline.hpa.metadata.namespace ?? "default"),
                );
                expect(r.status, r.output).to.not.equal(0);
                // the idle GPU of gpu-node-b comes out attributed to that node's exporter pod
                expect(r.output).to.match(/got:.*[{ ]pod="dcgm-exporter-m4c9z"/);
            });
        });
    }

    describe("across stacks", () => {
        // Runs after the per-stack suites above (mocha runs sibling suites in order).
        it("covers at least one stack's GPU rule", () => {
            expect(
                covered,
                "no stack emitted a GPU recording rule with a DCGM ServiceMonitor",
            ).to.have.lengthOf.above(0);
        });
    });

    it("`promtool check rules` rejects a rule with broken PromQL", () => {
        fs.writeFileSync(
            path.join(dir, "rules.yaml"),
            ruleFile([
                {
                    name: "broken",
                    rules: [
                        {
                            record: "x",
                            expr: 'avg by (pod) (DCGM_FI_DEV_GPU_UTIL{exported_pod!=""}',
                        },
                    ],
                },
            ]),
        );
        const r = runBinary("promtool", ["check", "rules", "rules.yaml"], dir);
        expect(r.status, r.output).to.not.equal(0);
    });
});
