/**
 * A user's own stack file beside the shipped ones: the suite checks the shipped stacks only (it holds
 * them to budgets a user's stack has no reason to meet), and the bench reports a stack that does not
 * render as an error, without a stack trace.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, REPO_ROOT, shippedStacks } from "../../harness/plan";

describe("stacks the project does not ship", function () {
    this.timeout(60_000);

    it("are rendered by the tools but left out of the suite (git tracks the shipped ones)", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "shipped-stacks-"));
        try {
            fs.mkdirSync(path.join(root, "stacks"));
            fs.writeFileSync(path.join(root, "stacks", "Pulumi.eks.yaml"), "config: {}\n");
            fs.writeFileSync(path.join(root, "stacks", "Pulumi.mine.yaml"), "config: {}\n");
            execFileSync("git", ["init", "-q", root]);
            execFileSync("git", ["-C", root, "add", "stacks/Pulumi.eks.yaml"]);
            expect(listStacks(root)).to.deep.equal(["eks", "mine"]);
            expect(shippedStacks(root)).to.deep.equal(["eks"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("the bench reports a stack that does not render as an error naming it, without a stack trace", () => {
        const stack = `users-own-${process.pid}`;
        const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, "config:\n  inference-autoscaling:backend: nope\n");
        try {
            const run = spawnSync(
                "npm",
                [
                    "run",
                    "--silent",
                    "bench",
                    "--",
                    "--stacks",
                    stack,
                    "--quick",
                    "--skip-latency",
                    "--skip-simulation",
                ],
                { cwd: REPO_ROOT, encoding: "utf8" },
            );
            expect(run.status).to.equal(1);
            expect(run.stderr).to.include(`bench: render of stack ${stack} exited with 1`);
            expect(run.stderr).to.include('inference-autoscaling:backend is "nope" (a string)');
            expect(run.stderr).to.not.match(/\n\s+at /);
        } finally {
            fs.rmSync(file, { force: true });
        }
    });
});
