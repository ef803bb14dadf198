import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { isSecret } from "../../../harness/mock-engine";
import { runBinary } from "../../../harness/binaries";
import { promtoolTestRules } from "../../../harness/promtool";
import { baseArgs, runComponent, TYPES } from "../../mocks";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SECRET = "kubernetes:core/v1:Secret";
const withGrafana = () =>
    baseArgs({
        prometheus: { grafana: true, grafanaAdminPassword: pulumi.secret("example-password") },
        autoscaling: {
            metrics: [{ name: "vllm_num_requests_running" }, { name: "gpu_utilization_percent" }],
        },
    });

describe("Grafana dashboard", () => {
    it("shows the model's and its platform's scaling-loop alerts as they fire, and nobody else's (promtool)", async () => {
        const plan = await runComponent(withGrafana());
        const dashboard = JSON.parse(
            plan.inputs(CONFIG_MAP, "test-dashboard").data["inference-autoscaling.json"],
        );
        const expr = dashboard.panels.find((p: any) => p.title === "Scaling-loop alerts firing")
            .targets[0].expr;
        const alerts = (labels: string) => `ALERTS{${labels}}`;
        const r = promtoolTestRules({
            groups: [{ name: "panel", rules: [{ record: "alerts_panel", expr }] }],
            interval: "1m",
            input: [
                {
                    series: alerts(
                        'alertname="InferenceHpaAtMaxReplicas",alertstate="firing",model="test",severity="warning"',
                    ),
                    values: "1x10",
                },
                {
                    series: alerts(
                        'alertname="InferenceHpaMetricsUnavailable",alertstate="pending",model="test",severity="critical"',
                    ),
                    values: "1x10",
                },
                {
                    series: alerts(
                        'alertname="InferenceMetricsServerDown",alertstate="firing",platform="test",severity="critical"',
                    ),
                    values: "1x10",
                },
                {
                    series: alerts(
                        'alertname="InferenceHpaAtMaxReplicas",alertstate="firing",model="other",severity="warning"',
                    ),
                    values: "1x10",
                },
            ],
            exprTests: [
                {
                    expr: "alerts_panel",
                    eval_time: "2m",
                    exp_samples: [
                        { labels: 'alerts_panel{alertname="InferenceHpaAtMaxReplicas"}', value: 1 },
                        {
                            labels: 'alerts_panel{alertname="InferenceMetricsServerDown"}',
                            value: 1,
                        },
                    ],
                },
            ],
        });
        expect(r.status, r.output).to.equal(0);
        const without = JSON.parse(
            (await runComponent({ ...withGrafana(), alerts: false })).inputs(
                CONFIG_MAP,
                "test-dashboard",
            ).data["inference-autoscaling.json"],
        );
        expect(without.panels.map((p: any) => p.title)).to.not.include(
            "Scaling-loop alerts firing",
        );
    });

    it("ships as a ConfigMap the Grafana sidecar loads, with a panel per metric and the HPA's replicas", async () => {
        const plan = await runComponent(withGrafana());
        const cm = plan.inputs(CONFIG_MAP, "test-dashboard");
        expect(cm.metadata.labels.grafana_dashboard).to.equal("1");
        const stack = plan.inputs(TYPES.release, "test-prometheus").values.grafana;
        expect(stack.sidecar.dashboards).to.include({
            enabled: true,
            label: "grafana_dashboard",
            labelValue: "1",
        });
        const dashboard = JSON.parse(cm.data["inference-autoscaling.json"]);
        const titles: string[] = dashboard.panels.map((p: any) => p.title);
        const units: Record<string, string> = {
            vllm_num_requests_running: "short",
            vllm_num_requests_waiting: "short",
            vllm_kv_cache_usage_perc: "percentunit",
            vllm_num_requests_waiting_growth: "reqps",
            vllm_time_to_first_token_p95_seconds: "s",
            vllm_request_queue_time_p95_seconds: "s",
            gpu_utilization_percent: "percent",
        };
        for (const [name, unit] of Object.entries(units)) {
            const panel = dashboard.panels.find((p: any) => p.title.startsWith(`${name}:`));
            expect(panel?.fieldConfig.defaults.unit, name).to.equal(unit);
        }
        expect(titles).to.have.length(Object.keys(units).length + 2);
        expect(titles[titles.length - 1]).to.equal("Scaling-loop alerts firing");
        const hpaName = plan.inputs(TYPES.hpa, "test-vllm").metadata.name;
        const replicas = dashboard.panels.find((p: any) => p.title.startsWith("HPA replicas"));
        expect(replicas.targets.map((t: any) => t.legendFormat)).to.deep.equal([
            "current",
            "desired",
            "max",
        ]);
        for (const t of replicas.targets) {
            expect(t.expr)
                .to.include(`horizontalpodautoscaler="${hpaName}"`)
                .and.include('namespace="vllm-example"');
        }
    });

    it("every panel query is valid PromQL (promtool)", async () => {
        const plan = await runComponent(withGrafana());
        const dashboard = JSON.parse(
            plan.inputs(CONFIG_MAP, "test-dashboard").data["inference-autoscaling.json"],
        );
        const rules = dashboard.panels
            .flatMap((p: any) => p.targets)
            .map((t: any, i: number) => ({ record: `panel_query_${i}`, expr: t.expr }));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-"));
        try {
            fs.writeFileSync(
                path.join(dir, "rules.yaml"),
                yaml.dump({ groups: [{ name: "dashboard", rules }] }),
            );
            const r = runBinary("promtool", ["check", "rules", "rules.yaml"], dir);
            expect(r.status, r.output).to.equal(0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("gives Grafana its admin password from a secret, never the chart's stock one", async () => {
        const plan = await runComponent(withGrafana());
        const secret = plan.get(SECRET, "test-grafana-admin");
        expect(isSecret((secret.inputs as any).stringData)).to.equal(true);
        const release = plan.get(TYPES.release, "test-prometheus");
        expect((release.inputs as any).values.grafana.admin).to.deep.equal({
            existingSecret: "test-grafana-admin",
            userKey: "admin-user",
            passwordKey: "admin-password",
        });
        expect(release.dependsOn).to.include("test-grafana-admin");
        expect((release.inputs as any).values.grafana).to.not.have.property("adminPassword");
    });

    it("is absent, with Grafana, unless asked for", async () => {
        const plan = await runComponent(baseArgs());
        expect(plan.ofType(CONFIG_MAP)).to.deep.equal([]);
        expect(plan.ofType(SECRET)).to.deep.equal([]);
        expect(plan.inputs(TYPES.release, "test-prometheus").values.grafana).to.deep.equal({
            enabled: false,
        });
    });
});
