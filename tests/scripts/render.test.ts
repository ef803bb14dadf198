import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { CHARTS } from "../../components/vocabulary/charts";
import { shippedStacks, readStackConfig, REPO_ROOT } from "../../harness/plan";
import { helmBinary } from "../../scripts/helm";
import { kindNamespaceName } from "../../scripts/cluster-render";
import { schemaProblems } from "../schema/object-schemas";

/** Runs `npm run render` exactly as the README says. */
function runRender(stack: string, out: string, extra: string[] = [], env = process.env): void {
    execFileSync(
        "npm",
        ["run", "--silent", "render", "--", "--stack", stack, "--out", out, ...extra],
        { cwd: REPO_ROOT, stdio: "pipe", env },
    );
}

/** Renders into a fresh directory; returns it. */
function render(stack: string, extra: string[] = []): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
    try {
        runRender(stack, out, extra);
    } catch (err) {
        fs.rmSync(out, { recursive: true, force: true });
        throw err;
    }
    return out;
}

describe("offline render (npm run render)", function () {
    this.timeout(120000);

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            let out: string;
            let plan: any[];
            before(() => {
                out = render(stack);
                plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
            });
            after(() => fs.rmSync(out, { recursive: true, force: true }));

            it("writes plan.json with type, name, parent, dependsOn and inputs for every resource", () => {
                expect(plan.length).to.be.greaterThan(5);
                for (const r of plan) {
                    expect(Object.keys(r)).to.include.members([
                        "type",
                        "name",
                        "dependsOn",
                        "inputs",
                    ]);
                }
                expect(
                    plan.some(
                        (r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                    ),
                ).to.equal(true);
            });

            it("writes every Kubernetes object as parseable YAML with apiVersion, kind and name", () => {
                const files = fs.readdirSync(path.join(out, "manifests"));
                const objects = plan.filter((r) => /^kubernetes:(?!helm\.sh)/.test(r.type));
                expect(files).to.have.length(objects.length);
                for (const f of files) {
                    const doc = yaml.load(
                        fs.readFileSync(path.join(out, "manifests", f), "utf8"),
                    ) as any;
                    expect(doc.apiVersion, f).to.be.a("string");
                    expect(doc.kind, f).to.be.a("string");
                    expect(doc.metadata.name, f).to.be.a("string");
                    // Named after the object a reviewer looks for, not the Pulumi resource.
                    expect(f).to.equal(
                        kindNamespaceName(doc.kind, doc.metadata.namespace, doc.metadata.name),
                    );
                }
            });

            it("renders byte-identical files (plan, manifests, charts' objects) on a second run", () => {
                const again = render(stack);
                const files = (dir: string) =>
                    JSON.parse(
                        fs.readFileSync(path.join(dir, ".render-files.json"), "utf8"),
                    ) as string[];
                try {
                    expect(files(again)).to.deep.equal(files(out));
                    for (const f of files(out)) {
                        expect(fs.readFileSync(path.join(again, f), "utf8"), f).to.equal(
                            fs.readFileSync(path.join(out, f), "utf8"),
                        );
                    }
                } finally {
                    fs.rmSync(again, { recursive: true, force: true });
                }
            });
        });
    }

    describe("every stack with backend: keda", () => {
        for (const stack of shippedStacks()) {
            it(`stack ${stack} renders a valid ScaledObject and no HPA or adapter of its own`, async () => {
                // The plan and the component's manifests; tests/cluster renders the charts with KEDA.
                const out = render(stack, [
                    "--plan-only",
                    "--set",
                    "inference-autoscaling:backend=keda",
                ]);
                try {
                    const plan = JSON.parse(
                        fs.readFileSync(path.join(out, "plan.json"), "utf8"),
                    ) as any[];
                    const types = plan.map((r) => r.type);
                    expect(types).to.include("kubernetes:keda.sh/v1alpha1:ScaledObject");
                    expect(types).to.not.include(
                        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                    );
                    expect(
                        plan.filter((r) => /prometheus-adapter|stackdriver-adapter/.test(r.name)),
                    ).to.deep.equal([]);
                    for (const f of fs.readdirSync(path.join(out, "manifests"))) {
                        const doc = yaml.load(
                            fs.readFileSync(path.join(out, "manifests", f), "utf8"),
                        ) as any;
                        expect(await schemaProblems(doc), f).to.deep.equal([]);
                    }
                } finally {
                    fs.rmSync(out, { recursive: true, force: true });
                }
            });
        }
    });

    describe("every stack with warm GPU headroom and without image pre-pull or model cache", () => {
        for (const stack of shippedStacks()) {
            it(`stack ${stack} renders valid placeholders, no pre-pull DaemonSet and no node cache`, async () => {
                const deploys =
                    JSON.parse(readStackConfig(stack).config["inference-autoscaling:server"])
                        .deploy !== undefined;
                const noPrePull = deploys
                    ? [
                          "--set",
                          "inference-autoscaling:server.deploy.prePullImage=false",
                          "--set",
                          "inference-autoscaling:server.deploy.modelCache=false",
                      ]
                    : [];
                const out = render(stack, [
                    "--plan-only",
                    "--set",
                    "inference-autoscaling:warmCapacity=1",
                    ...noPrePull,
                ]);
                try {
                    const plan = JSON.parse(
                        fs.readFileSync(path.join(out, "plan.json"), "utf8"),
                    ) as any[];
                    const names = (type: string) =>
                        plan.filter((r) => r.type === type).map((r) => r.name);
                    expect(names("kubernetes:scheduling.k8s.io/v1:PriorityClass")).to.deep.equal([
                        "inference-warm-capacity",
                    ]);
                    expect(names("kubernetes:apps/v1:Deployment")).to.include(
                        "inference-warm-capacity",
                    );
                    expect(names("kubernetes:apps/v1:DaemonSet")).to.deep.equal([]);
                    const hostPaths = plan.flatMap((r) =>
                        (r.inputs?.spec?.template?.spec?.volumes ?? []).filter(
                            (v: any) => v.hostPath,
                        ),
                    );
                    expect(hostPaths, "no node-local cache without modelCache").to.deep.equal([]);
                    for (const f of fs.readdirSync(path.join(out, "manifests"))) {
                        const doc = yaml.load(
                            fs.readFileSync(path.join(out, "manifests", f), "utf8"),
                        ) as any;
                        expect(await schemaProblems(doc), f).to.deep.equal([]);
                    }
                } finally {
                    fs.rmSync(out, { recursive: true, force: true });
                }
            });
        }
    });

    it("fails with a clear message for a stack that does not exist", () => {
        expect(() => render("nope")).to.throw(/no stack "nope"/);
    });

    describe("the whole cluster under cluster/", () => {
        let out: string;
        before(() => (out = render("eks")));
        after(() => fs.rmSync(out, { recursive: true, force: true }));

        it("indexes every object, the component's and each release's, with the file that holds it", () => {
            const index = JSON.parse(
                fs.readFileSync(path.join(out, "cluster", "objects.json"), "utf8"),
            ) as any[];
            const sources = new Set(index.map((e) => e.source));
            expect([...sources].sort()).to.deep.equal([
                "component",
                "inference-cluster-autoscaler",
                "inference-dcgm-exporter",
                "inference-nvidia-device-plugin",
                "inference-prometheus",
                "inference-prometheus-adapter",
            ]);
            for (const e of index) {
                const doc = yaml.load(fs.readFileSync(path.join(out, e.file), "utf8")) as any;
                expect([doc.kind, doc.metadata.name], e.file).to.deep.equal([e.kind, e.name]);
            }
        });

        it("shows values known only at deploy time as unknown, with the edges they imply (as pulumi preview does)", () => {
            const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as any[];
            const group = plan.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
            expect(group.inputs.nodeRoleArn).to.equal("[unknown]");
            expect(group.dependsOn).to.include("inference-gpu-node");
            const attachments = plan.filter(
                (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            );
            expect(attachments).to.have.length(3);
            for (const a of attachments) {
                expect([a.inputs.role, a.dependsOn]).to.deep.equal([
                    "[unknown]",
                    ["inference-gpu-node"],
                ]);
            }
            const autoscaler = plan.find(
                (r) =>
                    r.type === "kubernetes:helm.sh/v3:Release" &&
                    r.name === "inference-cluster-autoscaler",
            );
            expect(
                autoscaler.inputs.values.rbac.serviceAccount.annotations[
                    "eks.amazonaws.com/role-arn"
                ],
            ).to.equal("[unknown]");
        });

        it("says in each chart object's file which release, chart and version it came from", () => {
            const file = fs
                .readdirSync(path.join(out, "cluster", "inference-dcgm-exporter"))
                .find((f) => f.startsWith("DaemonSet-"))!;
            const text = fs.readFileSync(
                path.join(out, "cluster", "inference-dcgm-exporter", file),
                "utf8",
            );
            expect(text.split("\n")[0]).to.equal(
                `# Helm release inference-dcgm-exporter (chart dcgm-exporter ${CHARTS.dcgmExporter.version}) in namespace inference-monitoring`,
            );
        });
    });

    describe("never deletes what it did not write", () => {
        it("refuses a non-empty directory it did not write, and leaves every file in it", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "users-dir-"));
            try {
                fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
                fs.mkdirSync(path.join(dir, "manifests"));
                fs.writeFileSync(path.join(dir, "manifests", "keep.yaml"), "kind: Mine");
                expect(() => runRender("kubernetes", dir)).to.throw(
                    /is not empty and holds no earlier render/,
                );
                expect(fs.readFileSync(path.join(dir, "notes.txt"), "utf8")).to.equal("mine");
                expect(fs.readFileSync(path.join(dir, "manifests", "keep.yaml"), "utf8")).to.equal(
                    "kind: Mine",
                );
                expect(fs.readdirSync(dir).sort()).to.deep.equal(["manifests", "notes.txt"]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("on a second render replaces exactly its own files, keeping one the user added", () => {
            const out = render("kubernetes");
            try {
                fs.writeFileSync(path.join(out, "manifests", "users-own.yaml"), "kind: Mine");
                const stale = path.join(out, "manifests", "Stale-object.yaml");
                const marker = JSON.parse(
                    fs.readFileSync(path.join(out, ".render-files.json"), "utf8"),
                ) as string[];
                fs.writeFileSync(stale, "kind: Old");
                fs.writeFileSync(
                    path.join(out, ".render-files.json"),
                    JSON.stringify([...marker, "manifests/Stale-object.yaml", "../outside.txt"]),
                );
                runRender("kubernetes", out);
                expect(
                    fs.readFileSync(path.join(out, "manifests", "users-own.yaml"), "utf8"),
                ).to.equal("kind: Mine");
                expect(fs.existsSync(stale), "a file the earlier render listed is gone").to.equal(
                    false,
                );
                expect(fs.existsSync(path.join(out, "plan.json"))).to.equal(true);
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
            }
        });
    });

    describe("replaces a render only with a finished one", () => {
        /** Every file under `dir` with its content. */
        const snapshot = (dir: string): Record<string, string> =>
            Object.fromEntries(
                (fs.readdirSync(dir, { recursive: true }) as string[])
                    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
                    .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
            );
        /** A helm that fails at `helm template`, as a bad value in a chart would. */
        async function failingHelm(dir: string): Promise<NodeJS.ProcessEnv> {
            const script = path.join(dir, "helm");
            fs.writeFileSync(
                script,
                `#!/bin/sh\n[ "$1" = template ] && { echo "Error: values don't meet the specifications" >&2; exit 1; }\nexec "${await helmBinary()}" "$@"\n`,
                { mode: 0o755 },
            );
            return { ...process.env, HELM: script };
        }

        it("after a failed config or a failed helm stage, the previous render is intact and the next one works", async () => {
            const out = render("kubernetes");
            const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "failing-helm-"));
            try {
                const before = snapshot(out);
                expect(() =>
                    runRender("kubernetes", out, [
                        "--set",
                        "inference-autoscaling:autoscaling.maxReplicas=0",
                    ]),
                ).to.throw(/maxReplicas is 0/);
                expect(snapshot(out), "after a config error").to.deep.equal(before);
                const helmFails = await failingHelm(scratch);
                expect(() => runRender("kubernetes", out, [], helmFails)).to.throw(
                    /don't meet the specifications/,
                );
                expect(snapshot(out), "after a helm failure").to.deep.equal(before);
                expect(
                    fs
                        .readdirSync(path.dirname(out))
                        .filter((f) => f.startsWith(path.basename(out) + ".")),
                    "no staging directory left beside it",
                ).to.deep.equal([]);
                runRender("kubernetes", out, [
                    "--set",
                    "inference-autoscaling:autoscaling.maxReplicas=7",
                ]);
                expect(snapshot(out)["plan.json"]).to.include('"maxReplicas": 7');
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
                fs.rmSync(scratch, { recursive: true, force: true });
            }
        });

        it("a failed render into a new directory leaves no directory behind", async () => {
            const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "new-out-"));
            try {
                const out = path.join(scratch, "new", "render");
                expect(() =>
                    runRender("kubernetes", out, [
                        "--set",
                        "inference-autoscaling:autoscaling.maxReplicas=0",
                    ]),
                ).to.throw(/maxReplicas is 0/);
                const helmFails = await failingHelm(scratch);
                expect(() => runRender("kubernetes", out, [], helmFails)).to.throw(
                    /don't meet the specifications/,
                );
                expect(fs.readdirSync(scratch)).to.deep.equal(["helm"]);
            } finally {
                fs.rmSync(scratch, { recursive: true, force: true });
            }
        });
    });

    describe("command line", () => {
        it("--help prints the usage, with --set path syntax, and exits 0", () => {
            const text = execFileSync("npm", ["run", "--silent", "render", "--", "--help"], {
                cwd: REPO_ROOT,
                encoding: "utf8",
            });
            expect(text).to.match(/^usage: npm run render -- --stack <name>/);
            expect(text).to.include("autoscaling.metrics[0].target=2");
        });

        it("--set with a path changes one field of an object, typed as pulumi config set --path types it", () => {
            const out = render("kubernetes", [
                "--set",
                "inference-autoscaling:autoscaling.maxReplicas=7",
                "--set",
                "inference-autoscaling:autoscaling.metrics[0].target=0.7",
            ]);
            try {
                const plan = JSON.parse(
                    fs.readFileSync(path.join(out, "plan.json"), "utf8"),
                ) as any[];
                const hpa = plan.find(
                    (r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                ).inputs;
                expect(hpa.spec.maxReplicas).to.equal(7);
                expect(hpa.spec.minReplicas, "the rest of the object is kept").to.equal(2);
                expect(hpa.spec.metrics[0].pods.target.averageValue).to.equal("700m");
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
            }
        });

        it("names a malformed --set", () => {
            expect(() =>
                render("kubernetes", ["--set", "inference-autoscaling:autoscaling.metrics[x]=1"]),
            ).to.throw(
                /--set inference-autoscaling:autoscaling.metrics\[x\]=1: "autoscaling.metrics\[x\]": cannot read "\[x\]"/,
            );
        });
    });
});
