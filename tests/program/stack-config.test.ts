/**
 * The stack program's config, as a user writes it in stacks/Pulumi.<stack>.yaml: every component
 * argument can be set there, and bad or unknown keys fail with a message naming the key, the
 * value, its type and what is allowed — never a JavaScript error or a stack trace.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../harness/plan";
import { PlannedResource } from "../../harness/mock-engine";

/** Renders (plan only) with `--set` overrides; returns the plan, or the error output. */
function renderWith(stack: string, sets: string[]): { plan?: PlannedResource[]; error: string } {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `stack-config-${stack}-`));
    try {
        const r = spawnSync(
            "npm",
            [
                "run",
                "--silent",
                "render",
                "--",
                "--stack",
                stack,
                "--out",
                out,
                "--plan-only",
                ...sets.flatMap((s) => ["--set", s]),
            ],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
                timeout: 120_000,
            },
        );
        if (r.status !== 0) {
            return { error: `${r.stderr}${r.stdout}` };
        }
        return {
            plan: JSON.parse(
                fs.readFileSync(path.join(out, "plan.json"), "utf8"),
            ) as PlannedResource[],
            error: "",
        };
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

function fails(stack: string, sets: string[], message: string | RegExp): void {
    const { plan, error } = renderWith(stack, sets);
    expect(plan, "the render should fail").to.equal(undefined);
    expect(error).to.not.match(/\n\s+at /, "no stack trace");
    expect(error).to.not.match(/TypeError|is not a function|Cannot read properties/);
    if (typeof message === "string") {
        expect(error).to.include(message);
    } else {
        expect(error).to.match(message);
    }
}

const SERVER = (fields: object) =>
    `inference-autoscaling:server=${JSON.stringify({ namespace: "vllm-example", metricsPort: 8080, ...fields })}`;

describe("stack config (stacks/Pulumi.<stack>.yaml)", function () {
    this.timeout(120_000);

    describe("bad input gets a field error, not a JavaScript error", () => {
        it("an unknown cloud, even the name of a stack", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:cloud=kubernetes"],
                'inference-autoscaling:cloud is "kubernetes" (a string); it must be one of: gke, eks, aks, generic',
            ));

        it("a server without deploymentName", () =>
            fails(
                "kubernetes",
                [SERVER({ podLabels: { app: "x" } })],
                "inference-autoscaling:server.deploymentName is not set; it is required: a string",
            ));

        it("a server without podLabels", () =>
            fails(
                "kubernetes",
                [SERVER({ deploymentName: "d" })],
                "inference-autoscaling:server.podLabels is not set; it is required: a map of names to strings",
            ));

        it("podLabels given as a string", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:server.podLabels=app=gemma-server"],
                'inference-autoscaling:server.podLabels is "app=gemma-server" (a string); it must be a map of names to strings',
            ));

        it("metrics that are not a list", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:autoscaling.metrics=vllm_num_requests_running"],
                'inference-autoscaling:autoscaling.metrics is "vllm_num_requests_running" (a string); it must be a list',
            ));

        it("a quoted number, naming its type", () =>
            fails(
                "kubernetes",
                ['inference-autoscaling:autoscaling={"minReplicas":"2"}'],
                'inference-autoscaling:autoscaling.minReplicas is "2" (a string); it must be a whole number',
            ));

        it("an object key that is not JSON", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:autoscaling=fast"],
                'inference-autoscaling:autoscaling is "fast" (a string); it must be a map with the fields minReplicas, maxReplicas, metrics, behavior',
            ));

        it("an unknown stack key, naming the nearest known key", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:dcgmExporte.install=false"],
                'inference-autoscaling:dcgmExporte is not a known field; did you mean "dcgmExporter"?',
            ));

        it("a decimal where a whole number belongs (a decimal string is a number only where decimals are allowed)", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:autoscaling.maxReplicas=2.5"],
                'inference-autoscaling:autoscaling.maxReplicas is "2.5" (a string); it must be a whole number',
            ));

        it("a key under a namespace nothing reads, naming the nearest one", () =>
            fails(
                "kubernetes",
                ["inference_autoscaling:backend=keda"],
                'inference_autoscaling:backend: no part of this program reads the config namespace "inference_autoscaling"; ' +
                    'did you mean "inference-autoscaling:backend"? Known namespaces: inference-autoscaling, aws, azure-native, gcp, kubernetes, pulumi',
            ));

        it("a misspelt key inside an object", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:server.podLabel.app=x"],
                'inference-autoscaling:server.podLabel is not a known field; did you mean "podLabels"?',
            ));

        it("with backend keda and no Prometheus URL, names KEDA, not prometheus-adapter", () =>
            fails(
                "kubernetes",
                [
                    "inference-autoscaling:backend=keda",
                    "inference-autoscaling:prometheus.install=false",
                ],
                /prometheus\.url is not set but prometheus\.install is false; KEDA's triggers need the URL of the Prometheus you run/,
            ));
    });

    describe("more models on the same platform: one object each in `models`", () => {
        const model = (fields: object) =>
            `inference-autoscaling:models=${JSON.stringify([
                {
                    name: "qwen",
                    server: {
                        namespace: "qwen",
                        deploymentName: "qwen-server",
                        podLabels: { app: "qwen" },
                    },
                    ...fields,
                },
            ])}`;

        it("adds a ModelAutoscaler on the stack's platform, with its own names", () => {
            const { plan, error } = renderWith("kubernetes", [
                model({ autoscaling: { maxReplicas: 3 } }),
            ]);
            expect(error).to.equal("");
            const qwen = plan!.find(
                (r) => r.type === "inference-autoscaling:index:ModelAutoscaler",
            );
            expect(qwen?.name).to.equal("qwen");
            const hpa = plan!.find(
                (r) =>
                    r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler" &&
                    r.name === "qwen-vllm",
            )!;
            expect([
                (hpa.inputs as any).metadata.namespace,
                (hpa.inputs as any).spec.maxReplicas,
                hpa.parent,
            ]).to.deep.equal(["qwen", 3, "qwen"]);
            expect(
                plan!.filter((r) => r.inputs.chart === "prometheus-adapter"),
                "the platform is made once",
            ).to.have.length(1);
        });

        it("names a model's bad field by its place in the list", () =>
            fails(
                "kubernetes",
                [model({ autoscaling: { maxReplica: 3 } })],
                'inference-autoscaling:models[0].autoscaling.maxReplica is not a known field; did you mean "maxReplicas"?',
            ));

        it("refuses a model name already taken, and a Deployment another model scales", () => {
            const taken = `inference-autoscaling:models=${JSON.stringify([
                {
                    name: "inference",
                    server: {
                        namespace: "vllm-example",
                        deploymentName: "vllm-gemma-deployment",
                        podLabels: { app: "x" },
                    },
                },
            ])}`;
            const { error } = renderWith("kubernetes", [taken]);
            expect(error).to.include(
                'inference-autoscaling:models[0].name "inference" is already taken by the stack\'s own model',
            );
            expect(error).to.include(
                "Deployment vllm-example/vllm-gemma-deployment is already scaled by the stack's own model",
            );
        });

        it("names the model a clash is with: models[0], not the stack's own", () => {
            const twice = `inference-autoscaling:models=${JSON.stringify(
                ["a", "b"].map((d) => ({
                    name: "qwen",
                    server: {
                        namespace: "qwen",
                        deploymentName: `qwen-${d}`,
                        podLabels: { app: `qwen-${d}` },
                    },
                })),
            )}`;
            fails(
                "kubernetes",
                [twice],
                'inference-autoscaling:models[1].name "qwen" is already taken by models[0]; give each model its own name',
            );
        });

        it("refuses podLabels that also select another model's pods (a copy-paste)", () => {
            const copied = `inference-autoscaling:models=${JSON.stringify(
                ["a", "b"].map((d) => ({
                    name: `qwen-${d}`,
                    server: {
                        namespace: "qwen",
                        deploymentName: `qwen-${d}`,
                        podLabels: { app: "qwen" },
                    },
                })),
            )}`;
            fails(
                "kubernetes",
                [copied],
                'inference-autoscaling:models[1].server.podLabels {"app":"qwen"} also select the pods of models[0] (labels {"app":"qwen"} in namespace qwen)',
            );
        });

        it("Grafana without its password names the stack key and how to set it", () =>
            fails(
                "kubernetes",
                ["inference-autoscaling:prometheus.grafana=true"],
                "inference-autoscaling:grafanaAdminPassword is not set but prometheus.grafana is true; set Grafana's admin password " +
                    "as a secret: pulumi config set --secret grafanaAdminPassword <password>",
            ));

        it("a stack file that is not YAML is named with the line", () => {
            const file = path.join(REPO_ROOT, "stacks", `Pulumi.not-yaml-${process.pid}.yaml`);
            fs.writeFileSync(file, "config:\n  inference-autoscaling:backend: [keda\n");
            try {
                const { error } = renderWith(
                    path.basename(file).slice("Pulumi.".length, -".yaml".length),
                    [],
                );
                expect(error).to.match(/in "stacks\/Pulumi\.not-yaml-\d+\.yaml" \(\d+:\d+\)/);
            } finally {
                fs.rmSync(file, { force: true });
            }
        });

        it("checks a model against the platform: scale to zero needs KEDA", () =>
            fails(
                "kubernetes",
                [model({ autoscaling: { minReplicas: 0 } })],
                'inference-autoscaling:models[0].autoscaling.minReplicas is 0 but backend is "prometheus-adapter"',
            ));
    });

    describe("every component argument can be set from the stack", () => {
        it("dcgmExporter: a cluster running NVIDIA's GPU Operator scrapes its exporter instead of installing a second", () => {
            const { plan, error } = renderWith("kubernetes", [
                "inference-autoscaling:dcgmExporter.install=false",
                "inference-autoscaling:dcgmExporter.existing.namespace=gpu-operator",
                "inference-autoscaling:dcgmExporter.existing.podLabels.app=nvidia-dcgm-exporter",
            ]);
            expect(error).to.equal("");
            expect(plan!.filter((r) => r.inputs.chart === "dcgm-exporter")).to.deep.equal([]);
            const svc = plan!.find(
                (r) => r.type === "kubernetes:core/v1:Service" && r.name.endsWith("dcgm-metrics"),
            )!;
            expect((svc.inputs as any).metadata.namespace).to.equal("gpu-operator");
            expect((svc.inputs as any).spec.selector).to.deep.equal({
                app: "nvidia-dcgm-exporter",
            });
        });

        it("a decimal set by path (a string to pulumi config set --path) is a number where the field is one", () => {
            const { plan, error } = renderWith("kubernetes", [
                "inference-autoscaling:autoscaling.metrics[0].target=0.25",
            ]);
            expect(error).to.equal("");
            const hpa = plan!.find(
                (r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            )!;
            expect((hpa.inputs as any).spec.metrics[0].pods.target.averageValue).to.equal("250m");
        });

        it("adapter, devicePlugin and gpuNodes reach the component", () => {
            const { plan, error } = renderWith("eks", [
                "inference-autoscaling:adapter.replicas=3",
                "inference-autoscaling:devicePlugin=false",
                "inference-autoscaling:gpuNodes.nodeSelector.pool=gpu",
            ]);
            expect(error).to.equal("");
            const release = (chart: string) =>
                plan!.find((r) => r.inputs.chart === chart)?.inputs.values as any;
            expect(release("prometheus-adapter").replicas).to.equal(3);
            expect(release("nvidia-device-plugin")).to.equal(undefined);
            expect(release("dcgm-exporter").nodeSelector).to.deep.equal({ pool: "gpu" });
        });
    });
});
