/**
 * The values each stack passes to each Helm chart use only keys the pinned chart's own values.yaml
 * has (read from the chart cache), so a misspelt key (silently ignored by Helm) fails here.
 */
import { expect } from "chai";
import { CHARTS } from "../../components/vocabulary/charts";
import { shippedStacks } from "../../harness/plan";
import { KEDA_BACKEND, renderedStack } from "../../harness/rendered-stack";
import { chartKeys, unknownValueKeys } from "./helm-value-keys";

describe("Helm values against the pinned charts' values.yaml", function () {
    this.timeout(180_000);

    for (const stack of shippedStacks()) {
        for (const overrides of [[], KEDA_BACKEND]) {
            it(`stack ${stack}${overrides.length ? ` with ${overrides.join(" ")}` : ""}: every release's values use keys of its chart`, () => {
                const problems: string[] = [];
                for (const release of renderedStack(stack, overrides).releases) {
                    const keys = chartKeys(release);
                    problems.push(
                        ...unknownValueKeys(release.values, keys).map(
                            (p) => `release ${release.name}: ${p}`,
                        ),
                    );
                }
                expect(problems, problems.join("\n")).to.deep.equal([]);
            });
        }
    }

    describe("the check itself", () => {
        const kps = () => chartKeys(CHARTS.kubePrometheusStack);

        it("rejects a misspelt key, naming the chart and version", () => {
            const problems = unknownValueKeys(
                { prometheus: { prometheusSpec: { scrapeIntervall: "15s" } } },
                kps(),
            );
            expect(problems).to.deep.equal([
                `prometheus.prometheusSpec.scrapeIntervall: unknown key; kube-prometheus-stack ${CHARTS.kubePrometheusStack.version}'s values.yaml has no such value`,
            ]);
        });

        it("rejects a misspelt top-level key and a key of a small chart that only a newer or older chart has", () => {
            expect(unknownValueKeys({ fullnameOveride: "x" }, kps())).to.have.length(1);
            const dcgm = chartKeys(CHARTS.dcgmExporter);
            expect(unknownValueKeys({ service: { enabled: false } }, dcgm)).to.deep.equal([
                `service.enabled: unknown key; dcgm-exporter ${CHARTS.dcgmExporter.version}'s values.yaml has no such value`,
            ]);
        });

        it("checks subchart keys under the subchart's name (grafana) and alias (nfd)", () => {
            expect(
                unknownValueKeys(
                    {
                        grafana: {
                            enabled: true,
                            sidecar: { dashboards: { searchNamespace: "ALL" } },
                        },
                    },
                    kps(),
                ),
            ).to.deep.equal([]);
            expect(unknownValueKeys({ grafana: { persistance: {} } }, kps())[0]).to.match(
                /^grafana.persistance: unknown key/,
            );
            const plugin = chartKeys(CHARTS.nvidiaDevicePlugin);
            expect(
                unknownValueKeys({ nfd: { worker: { tolerations: [] } } }, plugin),
            ).to.deep.equal([]);
            expect(unknownValueKeys({ nfd: { wroker: {} } }, plugin)[0]).to.match(
                /^nfd.wroker: unknown key/,
            );
        });

        it("accepts anything below a free-form default (empty map, list, null, a map the templates range over)", () => {
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
            const adapter = chartKeys(CHARTS.prometheusAdapter);
            expect(
                unknownValueKeys(
                    { rules: { custom: [{ seriesQuery: "x", whatever: {} }] } },
                    adapter,
                ),
            ).to.deep.equal([]);
            expect(
                unknownValueKeys(
                    { extraArgs: { expander: "least-waste" } },
                    chartKeys(CHARTS.clusterAutoscaler),
                ),
            ).to.deep.equal([]);
        });

        it("rejects a value of the wrong shape", () => {
            expect(
                unknownValueKeys(
                    { prometheus: { prometheusSpec: { tolerations: { key: "k" } } } },
                    kps(),
                ),
            ).to.deep.equal([
                "prometheus.prometheusSpec.tolerations: the chart takes a list here, not a map",
            ]);
            expect(
                unknownValueKeys({ alertmanager: { enabled: { value: false } } }, kps())[0],
            ).to.match(/^alertmanager.enabled: the chart takes a plain value here/);
        });
    });
});
