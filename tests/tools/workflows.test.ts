import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const VALIDATOR = path.join(ROOT, "node_modules", "@action-validator", "cli", "cli.mjs");

/** Runs @action-validator/cli (offline: its validator is bundled WebAssembly) on one file. */
function validate(file: string): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [VALIDATOR, file], {
        encoding: "utf8",
        timeout: 20_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const workflowFiles = () =>
    fs
        .readdirSync(WORKFLOWS)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();

function load(name: string): any {
    return yaml.load(fs.readFileSync(path.join(WORKFLOWS, name), "utf8"));
}

/** The step of `job` that uses `action` (owner/name, any version). */
function step(job: any, action: string): any {
    const found = job.steps.filter(
        (s: any) => typeof s.uses === "string" && s.uses.split("@")[0] === action,
    );
    expect(found, `${action} in ${job.name}`).to.have.length(1);
    return found[0];
}

const OIDC_LOGINS: [string, string, Record<string, RegExp>][] = [
    [
        "gke",
        "google-github-actions/auth",
        {
            workload_identity_provider: /^\$\{\{ vars\.\w+ \}\}$/,
            service_account: /^\$\{\{ vars\.\w+ \}\}$/,
        },
    ],
    [
        "eks",
        "aws-actions/configure-aws-credentials",
        { "role-to-assume": /^\$\{\{ vars\.\w+ \}\}$/, "aws-region": /\S/ },
    ],
    [
        "aks",
        "azure/login",
        { "client-id": /vars\./, "tenant-id": /vars\./, "subscription-id": /vars\./ },
    ],
];

/** Checks the cloud logins and the pulumi step shared by the preview and up jobs. */
function expectCloudJob(job: any, command: "preview" | "up") {
    expect(job.strategy.matrix.stack).to.deep.equal(["gke", "eks", "aks"]);
    expect(job.permissions).to.include({ "id-token": "write", contents: "read" });
    for (const [stack, action, inputs] of OIDC_LOGINS) {
        const login = step(job, action);
        expect(login.if).to.equal(`matrix.stack == '${stack}'`);
        expect(login.uses).to.match(/@v\d+$/);
        for (const [input, pattern] of Object.entries(inputs)) {
            expect(String(login.with[input]), `${action} ${input}`).to.match(pattern);
        }
    }
    // Programs run on the Active LTS, the Node .ci/run tests second.
    const lts = fs
        .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
        .match(/LTS_NODE=(\d+)\./)![1];
    expect(step(job, "actions/setup-node").with["node-version"]).to.equal(Number(lts));
    const pulumi = step(job, "pulumi/actions");
    expect(pulumi.uses).to.match(/^pulumi\/actions@v\d+$/);
    expect(pulumi.with.command).to.equal(command);
    expect(pulumi.with["stack-name"]).to.include("matrix.stack");
    expect(pulumi.with.diff).to.equal(true);
    expect(pulumi.env.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
    // npm ci before Pulumi runs the TypeScript program.
    const runs = job.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs).to.include("npm ci --no-audit --no-fund");
}

/** The test job runs the same steps as .ci/run. */
function expectTestJob(job: any) {
    const uses = job.steps.map((s: any) => s.uses && s.uses.split("@")[0]).filter(Boolean);
    expect(uses).to.deep.equal(["actions/checkout", "actions/setup-node"]);
    expect(step(job, "actions/setup-node").with["node-version"]).to.equal("${{ matrix.node }}");
    // Both Node lines .ci/run tests: the engines floor and its Active LTS.
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    const engines = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).engines
        .node as string;
    const majors = [Number(engines.match(/>=(\d+)/)![1]), Number(ci.match(/LTS_NODE=(\d+)\./)![1])];
    expect(job.strategy.matrix.node).to.include.members(majors);
    const runs = job.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs).to.deep.equal([
        "bash scripts/install-prometheus.sh",
        "npm ci --no-audit --no-fund",
        "npm test",
    ]);
    for (const command of runs) {
        expect(ci).to.include(command);
    }
}

describe("GitHub workflows (.github/workflows)", function () {
    this.timeout(60_000);

    it("every workflow file passes action-validator", () => {
        const files = workflowFiles();
        expect(files).to.include.members(["pull-request.yml", "deploy.yml", "release.yml"]);
        for (const f of files) {
            const { status, output } = validate(path.join(WORKFLOWS, f));
            expect(status, `${f}:\n${output}`).to.equal(0);
        }
    });

    describe("action-validator rejects a broken workflow", () => {
        let tmp: string;
        const source = () => fs.readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8");
        before(() => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
        });
        after(() => fs.rmSync(tmp, { recursive: true, force: true }));

        const broken: [string, (text: string) => string, string][] = [
            [
                "a job without runs-on",
                (t) => t.replace(/^( {4}name: tests .*\n) {4}runs-on: ubuntu-latest\n/m, "$1"),
                '"path": "/jobs/test/runs-on"',
            ],
            [
                "an unknown key in a job",
                (t) =>
                    t.replace(
                        /^( {4}timeout-minutes: 30\n)/m,
                        "$1    runs-on-typo: ubuntu-latest\n",
                    ),
                "Additional property 'runs-on-typo' is not allowed",
            ],
            [
                "an unknown event",
                (t) => t.replace(/^ {2}pull_request:$/m, "  pull_requests:"),
                '"path": "/on"',
            ],
        ];
        for (const [what, breakIt, expected] of broken) {
            it(what, () => {
                const text = source();
                const changed = breakIt(text);
                expect(changed, "the edit applied").to.not.equal(text);
                const file = path.join(tmp, "broken.yml");
                fs.writeFileSync(file, changed);
                const { status, output } = validate(file);
                expect(status).to.equal(1);
                expect(output).to.include(expected);
            });
        }
    });

    describe("pull-request.yml", () => {
        const wf = () => load("pull-request.yml");

        it("runs on pull requests with read-only contents by default", () => {
            expect(Object.keys(wf().on)).to.deep.equal(["pull_request"]);
            expect(wf().permissions).to.deep.equal({ contents: "read" });
        });

        it("runs the tests exactly as .ci/run does", () => expectTestJob(wf().jobs.test));

        it("checks the oldest @pulumi/pulumi the peer range allows, as .ci/run does", () => {
            const runs = wf()
                .jobs["pulumi-floor"].steps.map((s: any) => s.run)
                .filter(Boolean);
            expect(runs).to.deep.equal([
                "npm ci --no-audit --no-fund",
                "bash scripts/check-pulumi-floor.sh",
            ]);
            const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
            expect(ci).to.include("\nbash scripts/check-pulumi-floor.sh\n");
        });

        it("previews every cloud stack after the tests, with a diff commented on the PR and OIDC logins", () => {
            const preview = wf().jobs.preview;
            expect(preview.needs).to.equal("test");
            expect(preview.permissions).to.deep.equal({
                contents: "read",
                "id-token": "write",
                "pull-requests": "write",
            });
            expectCloudJob(preview, "preview");
            expect(step(preview, "pulumi/actions").with["comment-on-pr"]).to.equal(true);
        });

        it("runs the offline plan diff for every stack and posts it for reviewers without cloud access", () => {
            const job = wf().jobs["plan-diff"];
            expect(job.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
            expect(step(job, "actions/checkout").with["fetch-depth"]).to.be.at.least(2);
            const script = job.steps.map((s: any) => s.run ?? "").join("\n");
            expect(script).to.include(
                'npm run --silent plan-diff -- --stack "$stack" --base HEAD^1',
            );
            expect(script).to.include("stacks/Pulumi.*.yaml");
            expect(script).to.include("$GITHUB_STEP_SUMMARY");
            expect(step(job, "actions/github-script").with.script).to.include("createComment");
        });
    });

    describe("deploy.yml", () => {
        const wf = () => load("deploy.yml");

        it("runs on pushes to main", () => {
            expect(wf().on.push).to.deep.equal({ branches: ["main"] });
        });

        it("runs the tests exactly as .ci/run does", () => expectTestJob(wf().jobs.test));

        it("runs pulumi up per stack behind the stack's environment, one update per stack at a time, never cancelled", () => {
            const up = wf().jobs.up;
            expect(up.needs).to.equal("test");
            expect(up.environment).to.equal("${{ matrix.stack }}");
            expect(up.concurrency).to.deep.equal({
                group: "pulumi-up-${{ matrix.stack }}",
                "cancel-in-progress": false,
            });
            expectCloudJob(up, "up");
        });
    });

    describe("release.yml", () => {
        const wf = () => load("release.yml");
        const job = () => wf().jobs.release;
        const runs = () => job().steps.map((s: any) => s.run ?? "");
        const at = (text: string) => {
            const i = runs().findIndex((r: string) => r.includes(text));
            expect(i, `a step running ${text}`).to.be.at.least(0);
            return i;
        };

        it("runs on version tags and by hand, with write access only in the release job", () => {
            expect(wf().on).to.deep.equal({ push: { tags: ["v*"] }, workflow_dispatch: null });
            expect(wf().permissions).to.deep.equal({ contents: "read" });
            expect(job().permissions).to.deep.equal({ contents: "write", "id-token": "write" });
            expect(step(job(), "actions/checkout").with["fetch-depth"], "every tag").to.equal(0);
        });

        it("gates on the version, tag and CHANGELOG, tests, tags (by hand only), publishes, then releases", () => {
            const order = [
                "npm ci --no-audit --no-fund",
                "npm run --silent release-check -- --notes release-notes.md",
                "bash scripts/install-prometheus.sh",
                "npm test",
                'tag -a "$TAG"',
                "npm publish --provenance --access public",
                "gh release create",
            ].map(at);
            expect(
                [...order].sort((a, b) => a - b),
                runs().join("\n"),
            ).to.deep.equal(order);
            const steps = job().steps;
            const gate = steps[order[1]];
            // An assignment, so a failing gate fails the step (`echo "$(false)"` would not).
            expect(gate.run).to.match(/^tag="\$\(npm run/);
            expect(steps[order[4]].if).to.equal("github.ref_type == 'branch'");
            expect(steps[order[4]].env.TAG).to.equal(`\${{ steps.${gate.id}.outputs.tag }}`);
            expect(steps[order[6]].env.TAG).to.equal(`\${{ steps.${gate.id}.outputs.tag }}`);
            expect(step(job(), "actions/setup-node").with["registry-url"]).to.equal(
                "https://registry.npmjs.org",
            );
            expect(steps[order[5]].env.NODE_AUTH_TOKEN).to.equal("${{ secrets.NPM_TOKEN }}");
            expect(steps[order[6]].env.GH_TOKEN).to.equal("${{ github.token }}");
        });
    });
});
