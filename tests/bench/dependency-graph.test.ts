/** Unit tests of the bench's pure functions: the dependency graph and the figures. */
import { expect } from "chai";
import {
    deployGraph,
    differencesFromPlan,
    GraphResource,
    longestChain,
    resourceId,
    resourceIdFromUrn,
} from "../../bench/dependency-graph";
import {
    commonPeriod,
    dcgmCollectSeconds,
    formatDuration,
    max,
    median,
    parseDuration,
    samplesPerSecondPerReplica,
    scalingSeriesPerPage,
} from "../../bench/figures";
import { BEFORE_SETUP, parseSetup, SEEDS_SETUP, signalBound } from "../../bench/signal-latency";

const NS = "kubernetes:core/v1:Namespace";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const MONITOR = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
const SERVICE = "kubernetes:core/v1:Service";
const COMPONENT = "inference-autoscaling:index:InferenceAutoscaling";

function custom(
    type: string,
    name: string,
    dependsOn: string[] = [],
    parent?: string,
): GraphResource {
    return { type, name, custom: true, dependsOn, parent };
}

describe("bench: dependency graph", () => {
    describe("resourceIdFromUrn", () => {
        it("takes the resource's own type from the qualified type, and its name", () => {
            const urn = `urn:pulumi:eks::inference-autoscaling::${COMPONENT}$${RELEASE}::inference-prometheus`;
            expect(resourceIdFromUrn(urn)).to.equal(resourceId(RELEASE, "inference-prometheus"));
        });

        it("keeps a name containing '::'", () => {
            expect(resourceIdFromUrn(`urn:pulumi:s::p::${SERVICE}::a::b`)).to.equal(
                `${SERVICE}::a::b`,
            );
        });

        it("rejects what is not a URN", () => {
            expect(() => resourceIdFromUrn("inference-prometheus")).to.throw(/not a Pulumi URN/);
        });
    });

    describe("longestChain", () => {
        it("is 0 for an empty graph and 1 for resources that wait for nothing", () => {
            expect(longestChain(new Map())).to.deep.equal({ length: 0, chain: [] });
            expect(
                longestChain(
                    new Map([
                        ["a", []],
                        ["b", []],
                    ]),
                ),
            ).to.deep.equal({ length: 1, chain: ["a"] });
        });

        it("follows the longest path, first created first", () => {
            const graph = new Map<string, string[]>([
                ["ns", []],
                ["prometheus", ["ns"]],
                ["monitor", ["prometheus", "ns"]],
                ["hpa", []],
                ["adapter", ["ns"]],
            ]);
            expect(longestChain(graph)).to.deep.equal({
                length: 3,
                chain: ["ns", "prometheus", "monitor"],
            });
        });

        it("breaks ties alphabetically, so the reported chain is stable", () => {
            const graph = new Map<string, string[]>([
                ["b", []],
                ["a", []],
                ["y", ["b", "a"]],
                ["x", ["b"]],
            ]);
            // x and y both end a chain of 2: x comes first; y's prerequisites a and b tie: a comes first.
            expect(longestChain(graph)).to.deep.equal({ length: 2, chain: ["b", "x"] });
            graph.delete("x");
            expect(longestChain(graph)).to.deep.equal({ length: 2, chain: ["a", "y"] });
        });

        it("rejects a cycle, naming it", () => {
            const graph = new Map<string, string[]>([
                ["a", ["c"]],
                ["b", ["a"]],
                ["c", ["b"]],
            ]);
            expect(() => longestChain(graph)).to.throw(/dependency cycle: a -> c -> b -> a/);
        });

        it("rejects a dependency that is not in the graph", () => {
            expect(() => longestChain(new Map([["a", ["ghost"]]]))).to.throw(
                /a waits for ghost, which is not in the graph/,
            );
        });
    });

    describe("deployGraph", () => {
        it("tells apart resources of the same name by type", () => {
            const graph = deployGraph([
                custom(NS, "monitoring"),
                custom(SERVICE, "vllm-metrics", [resourceId(NS, "monitoring")]),
                custom(MONITOR, "vllm-metrics", [resourceId(SERVICE, "vllm-metrics")]),
            ]);
            expect(longestChain(graph)).to.deep.equal({
                length: 3,
                chain: [
                    resourceId(NS, "monitoring"),
                    resourceId(SERVICE, "vllm-metrics"),
                    resourceId(MONITOR, "vllm-metrics"),
                ],
            });
        });

        it("leaves components out, and waiting on one waits on every custom resource under it", () => {
            const component = resourceId(COMPONENT, "inference");
            const nested = resourceId(COMPONENT, "nested");
            const graph = deployGraph([
                { type: COMPONENT, name: "inference", custom: false, dependsOn: [] },
                {
                    type: COMPONENT,
                    name: "nested",
                    custom: false,
                    dependsOn: [],
                    parent: component,
                },
                custom(NS, "a", [], component),
                custom(NS, "b", [], nested),
                custom(RELEASE, "after", [component]),
            ]);
            expect([...graph.keys()].sort()).to.deep.equal([
                resourceId(NS, "a"),
                resourceId(NS, "b"),
                resourceId(RELEASE, "after"),
            ]);
            expect(graph.get(resourceId(RELEASE, "after"))).to.deep.equal([
                resourceId(NS, "a"),
                resourceId(NS, "b"),
            ]);
        });

        it("makes a child of a custom resource wait for it, but not a child of a component", () => {
            const component = resourceId(COMPONENT, "inference");
            const graph = deployGraph([
                { type: COMPONENT, name: "inference", custom: false, dependsOn: [] },
                custom(RELEASE, "parent", [], component),
                custom(SERVICE, "child", [], resourceId(RELEASE, "parent")),
            ]);
            expect(graph.get(resourceId(RELEASE, "parent"))).to.deep.equal([]);
            expect(graph.get(resourceId(SERVICE, "child"))).to.deep.equal([
                resourceId(RELEASE, "parent"),
            ]);
        });

        it("rejects a dependency the plan does not register and a resource registered twice", () => {
            expect(() => deployGraph([custom(NS, "a", [resourceId(NS, "ghost")])])).to.throw(
                /waits for .*ghost, which the plan does not register/,
            );
            expect(() => deployGraph([custom(NS, "a"), custom(NS, "a")])).to.throw(
                /registered twice/,
            );
        });
    });

    describe("differencesFromPlan", () => {
        const resources = [custom(NS, "ns"), custom(SERVICE, "svc", [resourceId(NS, "ns")])];

        it("is empty when plan.json records the same names", () => {
            const plan = [
                { type: NS, name: "ns", dependsOn: [] },
                { type: SERVICE, name: "svc", dependsOn: ["ns"] },
            ];
            expect(differencesFromPlan(resources, plan)).to.deep.equal([]);
        });

        it("names each disagreement", () => {
            const plan = [
                { type: SERVICE, name: "svc", dependsOn: [] },
                { type: RELEASE, name: "extra", dependsOn: [] },
            ];
            expect(differencesFromPlan(resources, plan)).to.deep.equal([
                `${SERVICE}::svc waits for ["ns"] but plan.json says []`,
                `${RELEASE}::extra is in plan.json but was not registered`,
                `${NS}::ns was registered but is not in plan.json`,
            ]);
        });
    });
});

describe("bench: figures", () => {
    it("parses and formats Prometheus durations", () => {
        expect(parseDuration("15s")).to.equal(15);
        expect(parseDuration("1m30s")).to.equal(90);
        expect(parseDuration("500ms")).to.equal(0.5);
        expect(() => parseDuration("15")).to.throw(/not a Prometheus duration/);
        expect(() => parseDuration("15s ")).to.throw(/not a Prometheus duration/);
        expect(formatDuration(15)).to.equal("15s");
        expect(formatDuration(60)).to.equal("1m");
        expect(formatDuration(2.5)).to.equal("2.5s");
    });

    it("computes median and max, NaN when empty", () => {
        expect(median([3, 1, 2])).to.equal(2);
        expect(median([4, 1, 2, 3])).to.equal(2.5);
        expect(median([])).to.satisfy(Number.isNaN);
        expect(max([1, 7, 3])).to.equal(7);
        expect(max([])).to.satisfy(Number.isNaN);
    });

    it("finds the period after which schedules line up again, capped", () => {
        expect(commonPeriod([15, 15, 30], 120)).to.equal(30);
        expect(commonPeriod([10, 5, 2], 120)).to.equal(10);
        expect(commonPeriod([7, 11, 13], 120)).to.equal(120);
        expect(commonPeriod([0.5, 2], 120)).to.equal(2);
    });

    it("reads dcgm-exporter's collect interval from chart values, defaulting to the exporter's 30 s", () => {
        expect(dcgmCollectSeconds(undefined)).to.equal(30);
        expect(
            dcgmCollectSeconds({
                arguments: ["-f", "/etc/dcgm-exporter/dcp-metrics-included.csv"],
            }),
        ).to.equal(30);
        expect(
            dcgmCollectSeconds({ extraEnv: [{ name: "DCGM_EXPORTER_INTERVAL", value: "2000" }] }),
        ).to.equal(2);
        expect(dcgmCollectSeconds({ arguments: ["-f", "x.csv", "-c", "5000"] })).to.equal(5);
        expect(dcgmCollectSeconds({ arguments: ["--collect-interval=1000"] })).to.equal(1);
        expect(() =>
            dcgmCollectSeconds({ extraEnv: [{ name: "DCGM_EXPORTER_INTERVAL", value: "soon" }] }),
        ).to.throw(/not a number/);
    });

    it("computes the component's scrape load per replica", () => {
        const a = {
            vllmSeriesPerPod: 500,
            vllmScalingSeriesPerPod: 52,
            dcgmSeriesPerGpu: 35,
            gpusPerReplica: 1,
        };
        // (500 + 5) / 10 + (35 + 5) / 10 + 1 / 5
        expect(samplesPerSecondPerReplica(a, BEFORE_SETUP)).to.be.closeTo(54.7, 1e-9);
        expect(samplesPerSecondPerReplica(a, SEEDS_SETUP)).to.be.closeTo(545 / 30 + 1 / 30, 1e-9);
        // Two vLLM targets: (52 + 5) / 5 + (448 + 5) / 15, then (35 + 5) / 5 + 1 / 5
        expect(
            samplesPerSecondPerReplica(a, {
                vllmScrape: 5,
                vllmRest: 15,
                dcgmScrape: 5,
                ruleEval: 5,
            }),
        ).to.be.closeTo(11.4 + 30.2 + 8 + 0.2, 1e-9);
    });

    it("counts the vLLM series the catalog scales on: 3 gauges and 2 histograms (22 and 21 bounds + +Inf, _sum, _count)", () => {
        expect(scalingSeriesPerPage("vllm")).to.equal(3 + 25 + 24);
    });

    it("bounds signal age: scrape for direct series, collect + scrape + evaluation for the recorded GPU series", () => {
        const s = parseSetup("10s/5s/2s");
        expect([
            s.vllmScrape,
            s.dcgmScrape,
            s.ruleEval,
            s.dcgmCollect,
            s.globalScrape,
            s.globalEval,
        ]).to.deep.equal([10, 10, 5, 2, 30, 30]);
        expect(signalBound(s, "vllm_num_requests_running")).to.equal(10);
        expect(signalBound(s, "gpu_utilization_percent")).to.equal(17);
        expect(signalBound(SEEDS_SETUP, "gpu_utilization_percent")).to.equal(90);
        expect(() => parseSetup("10s/5s")).to.throw(/SCRAPE\/EVAL\/COLLECT/);
    });
});
