import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { listStacks, REPO_ROOT } from "../scripts/plan";
import { schemaProblems } from "./schema/object-schemas";

/** Runs `npm run render` exactly as the README says, into a fresh directory. */
function render(stack: string, extra: string[] = []): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
    try {
        execFileSync("npm", ["run", "--silent", "render", "--", "--stack", stack, "--out", out, ...extra], {
            cwd: REPO_ROOT,
            stdio: "pipe",
        });
    } catch (err) {
        fs.rmSync(out, { recursive: true, force: true });
        throw err;
    }
    return out;
}

describe("offline render (npm run render)", function () {
    this.timeout(120000);

    for (const stack of listStacks()) {
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
                    expect(Object.keys(r)).to.include.members(["type", "name", "dependsOn", "inputs"]);
                }
                expect(plan.some((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).to.equal(true);
            });

            it("writes every Kubernetes object as parseable YAML with apiVersion, kind and name", () => {
                const files = fs.readdirSync(path.join(out, "manifests"));
                const objects = plan.filter((r) => /^kubernetes:(?!helm\.sh)/.test(r.type));
                expect(files).to.have.length(objects.length);
                for (const f of files) {
                    const doc = yaml.load(fs.readFileSync(path.join(out, "manifests", f), "utf8")) as any;
                    expect(doc.apiVersion, f).to.be.a("string");
                    expect(doc.kind, f).to.be.a("string");
                    expect(doc.metadata.name, f).to.be.a("string");
                }
            });

            it("renders byte-identical plans on a second run", () => {
                const again = render(stack);
                try {
                    expect(fs.readFileSync(path.join(again, "plan.json"), "utf8")).to.equal(
                        fs.readFileSync(path.join(out, "plan.json"), "utf8"),
                    );
                } finally {
                    fs.rmSync(again, { recursive: true, force: true });
                }
            });
        });
    }

    describe("every stack with backend: keda", () => {
        for (const stack of listStacks()) {
            it(`stack ${stack} renders a valid ScaledObject and no HPA or adapter of its own`, async () => {
                const out = render(stack, ["--set", "inference-autoscaling:backend=keda"]);
                try {
                    const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as any[];
                    const types = plan.map((r) => r.type);
                    expect(types).to.include("kubernetes:keda.sh/v1alpha1:ScaledObject");
                    expect(types).to.not.include("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
                    expect(plan.filter((r) => /prometheus-adapter|stackdriver-adapter/.test(r.name))).to.deep.equal([]);
                    for (const f of fs.readdirSync(path.join(out, "manifests"))) {
                        const doc = yaml.load(fs.readFileSync(path.join(out, "manifests", f), "utf8")) as any;
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
});
