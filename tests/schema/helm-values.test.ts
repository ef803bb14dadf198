/**
 * The values each stack passes to each Helm chart use only keys the pinned chart version knows,
 * so a misspelt key (silently ignored by Helm) fails here.
 */
import { expect } from "chai";
import { CHARTS } from "../../components/charts";
import { listStacks } from "../../scripts/plan";
import { renderedStack } from "../support/rendered-stack";
import { unknownValueKeys, valuesKeyFixture } from "./helm-value-keys";

describe("Helm values against the pinned charts' value keys", function () {
    this.timeout(120_000);

    it("has a key list for every pinned chart version", () => {
        for (const pin of Object.values(CHARTS)) {
            expect(() => valuesKeyFixture(pin.chart, pin.version), `${pin.chart} ${pin.version}`).to.not.throw();
        }
    });

    for (const stack of listStacks()) {
        it(`stack ${stack}: every release's values use known keys of its pinned chart`, () => {
            const problems: string[] = [];
            for (const release of renderedStack(stack).releases) {
                const fixture = valuesKeyFixture(release.chart, release.version);
                problems.push(...unknownValueKeys(release.values, fixture).map((p) => `${release.name} (${release.chart} ${release.version}) ${p}`));
            }
            expect(problems, problems.join("\n")).to.deep.equal([]);
        });
    }

    describe("the check itself", () => {
        const kps = () => valuesKeyFixture("kube-prometheus-stack", CHARTS.kubePrometheusStack.version);

        it("rejects a misspelt key", () => {
            const problems = unknownValueKeys({ prometheus: { prometheusSpec: { scrapeIntervall: "15s" } } }, kps());
            expect(problems).to.deep.equal(["prometheus.prometheusSpec.scrapeIntervall: unknown key; the chart has no such value"]);
        });

        it("rejects a misspelt top-level key and a misspelt key of a small chart", () => {
            expect(unknownValueKeys({ fullnameOveride: "x" }, kps())).to.have.length(1);
            const dcgm = valuesKeyFixture("dcgm-exporter", CHARTS.dcgmExporter.version);
            expect(unknownValueKeys({ service: { enabled: false } }, dcgm)).to.deep.equal([
                "service.enabled: unknown key; the chart has no such value",
            ]);
        });

        it("accepts anything below a free-form default (storageSpec, resources, tolerations, rules.custom)", () => {
            expect(
                unknownValueKeys(
                    {
                        prometheus: {
                            prometheusSpec: {
                                storageSpec: { volumeClaimTemplate: { spec: { anything: 1 } } },
                                resources: { requests: { cpu: "1" } },
                                tolerations: [{ key: "k", operator: "Exists" }],
                            },
                        },
                    },
                    kps(),
                ),
            ).to.deep.equal([]);
            const adapter = valuesKeyFixture("prometheus-adapter", CHARTS.prometheusAdapter.version);
            expect(unknownValueKeys({ rules: { custom: [{ seriesQuery: "x", whatever: {} }] } }, adapter)).to.deep.equal([]);
        });

        it("rejects a value of the wrong shape, and keys of sections recorded by name only", () => {
            expect(unknownValueKeys({ prometheus: { prometheusSpec: { tolerations: { key: "k" } } } }, kps())).to.deep.equal([
                "prometheus.prometheusSpec.tolerations: the chart takes a list here",
            ]);
            expect(unknownValueKeys({ kubelet: { enabled: false } }, kps())[0]).to.match(/^kubelet: section recorded by name only/);
            expect(unknownValueKeys({ grafana: { persistance: {} } }, kps())[0]).to.match(/^grafana.persistance: not among the recorded keys of grafana/);
        });
    });
});
