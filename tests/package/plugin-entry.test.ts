/**
 * The package as `pulumi package add <git url>@<tag>` gets it: a checkout of the repository's
 * files (no `bin/`, which git ignores), where Pulumi installs dependencies (`npm install`, which
 * runs the `prepare` script) and then its Node.js plugin host (`@pulumi/pulumi/cmd/run-plugin`)
 * requires the directory, looks for component classes among its exports and serves the schema the
 * analyzer infers there. Without `prepare`, the directory's `main` would not exist.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../harness/repo-root";
import { SCHEMA_FILE } from "../../scripts/plugin-schema";

/** What the plugin host does with the directory, up to serving the schema (run-plugin/run.js). */
const HOST = `
const path = require("path");
const { ComponentProvider, getPulumiComponents } = require("@pulumi/pulumi/provider/experimental");
const dir = process.cwd();
const components = getPulumiComponents(require(dir));
const npmName = require(path.join(dir, "package.json")).name;
new ComponentProvider({ dirname: dir, name: npmName.replace(/^@.*?\\//, ""), components })
    .getSchema()
    .then((schema) => console.log(JSON.stringify({ components: components.map((c) => c.name), schema: JSON.parse(schema) })));
`;

function run(cmd: string, args: string[], cwd: string): string {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 240_000 });
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
    }
    return r.stdout;
}

describe("loaded as a plugin from a git checkout (pulumi package add <git url>@<tag>)", function () {
    this.timeout(300_000);
    let checkout: string;

    before(() => {
        checkout = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-checkout-"));
        // The files a commit of this tree holds: tracked and new ones, never ignored ones.
        const files = run(
            "git",
            ["ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            REPO_ROOT,
        )
            .split("\0")
            .filter(Boolean);
        for (const file of files.filter((f) => fs.existsSync(path.join(REPO_ROOT, f)))) {
            fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
            fs.copyFileSync(path.join(REPO_ROOT, file), path.join(checkout, file));
        }
        // The dependencies `npm install` would put there.
        fs.symlinkSync(
            path.join(REPO_ROOT, "node_modules"),
            path.join(checkout, "node_modules"),
            "dir",
        );
    });
    after(() => fs.rmSync(checkout, { recursive: true, force: true }));

    it("has no entry point before dependencies are installed", () => {
        const main = JSON.parse(fs.readFileSync(path.join(checkout, "package.json"), "utf8")).main;
        expect(fs.existsSync(path.join(checkout, main))).to.equal(false);
    });

    it("builds it in `prepare`, so the host finds the three components and infers the committed schema", () => {
        run("npm", ["run", "--silent", "prepare"], checkout);
        const served = JSON.parse(run("node", ["-e", HOST], checkout));
        expect(served.components).to.have.members([
            "InferencePlatform",
            "ModelAutoscaler",
            "InferenceAutoscaling",
        ]);
        expect(served.schema).to.deep.equal(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
    });

    it("starts under Pulumi's plugin runner in the checkout, which registers ts-node with type checking", async () => {
        // What the host runs: @pulumi/pulumi's run-plugin on the directory, with the engine's
        // address. A provider that starts prints the port it serves on; one that does not, an error.
        const runner = path.join(
            checkout,
            "node_modules",
            "@pulumi",
            "pulumi",
            "cmd",
            "run-plugin",
        );
        const child = spawn("node", [runner, checkout, "127.0.0.1:1"], { cwd: checkout });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        const served = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), 60_000);
            child.stdout.on(
                "data",
                () => /^\d+\s*$/m.test(out) && (clearTimeout(timer), resolve(true)),
            );
            child.on("exit", () => (clearTimeout(timer), resolve(false)));
        });
        child.kill();
        expect(served, out).to.equal(true);
    });
});
