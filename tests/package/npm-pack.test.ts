import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { METRIC_CATALOG } from "../../components/vocabulary/metrics";
import { REPO_ROOT } from "../../harness/plan";

/** Runs npm/npx in `cwd`, failing the test with its output when it fails. */
function run(cmd: string, args: string[], cwd: string): string {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 240_000 });
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
    }
    return r.stdout;
}

describe("consumed as a package (npm pack → examples/consumer)", function () {
    this.timeout(300_000);
    let dir: string;
    let consumer: string;
    let tarball: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
        const packed = JSON.parse(
            run("npm", ["pack", "--json", "--pack-destination", dir], REPO_ROOT),
        );
        tarball = path.join(dir, packed[0].filename);
        consumer = path.join(dir, "consumer");
        fs.cpSync(path.join(REPO_ROOT, "examples", "consumer"), consumer, { recursive: true });
        const pkgFile = path.join(consumer, "package.json");
        const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
        pkg.dependencies["inference-autoscaling"] = `file:${tarball}`;
        fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], consumer);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("ships compiled JS with type declarations, and not the program, stacks or tests", () => {
        const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
            .split("\n")
            .filter(Boolean);
        expect(files).to.include.members([
            "package/bin/index.js",
            "package/bin/index.d.ts",
            "package/package.json",
        ]);
        expect(
            files.filter((f) => /^package\/(tests|stacks|scripts|components|program)\//.test(f)),
        ).to.deep.equal([]);
        expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).to.deep.equal([]);
        // The README is an index of docs/: every page it links to is shipped beside it.
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const pages = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => `package/${m[1]}`);
        expect(pages.length).to.be.greaterThan(0);
        expect(pages.filter((p) => !files.includes(p))).to.deep.equal([]);
    });

    it("ships every file its exports map names", () => {
        const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
            .split("\n")
            .filter(Boolean);
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
            exports: Record<string, string | Record<string, string>>;
        };
        const targets = Object.values(pkg.exports).flatMap((t) =>
            typeof t === "string" ? [t] : Object.values(t),
        );
        const missing = targets
            .map((t) => `package/${t.replace(/^\.\//, "")}`)
            .filter((t) => !files.includes(t));
        expect(missing, "exports targets missing from the tarball").to.deep.equal([]);
    });

    it("type-checks the consumer project against the packed declarations", () => {
        run("npx", ["tsc", "-p", "."], consumer);
    });

    it("rejects a consumer that passes an accelerator the types do not allow", () => {
        const bad = path.join(consumer, "bad.ts");
        fs.writeFileSync(
            bad,
            'import { InferenceAutoscaling } from "inference-autoscaling";\n' +
                'new InferenceAutoscaling("x", { server: { namespace: "n", deploymentName: "d", podLabels: { a: "b" } }, ' +
                'nodePool: { accelerator: "nvidia-x100" } });\n',
        );
        const r = spawnSync("npx", ["tsc", "--noEmit", "--strict", "--types", "node", bad], {
            cwd: consumer,
            encoding: "utf8",
        });
        expect(r.status).to.not.equal(0);
        expect(r.stdout).to.include('"nvidia-x100"');
    });

    it("loads through the exports map at run time", () => {
        const out = run(
            "node",
            [
                "-e",
                'const p = require("inference-autoscaling"); const k = require("inference-autoscaling/kubeconfig/eks"); ' +
                    "console.log(typeof p.InferenceAutoscaling, typeof p.InferencePlatform, typeof p.ModelAutoscaler, p.METRIC_CATALOG.length, typeof k.eksKubeconfig)",
            ],
            consumer,
        );
        // The packed catalog is the source's: every entry ships.
        expect(out.trim()).to.equal(`function function function ${METRIC_CATALOG.length} function`);
    });
});
