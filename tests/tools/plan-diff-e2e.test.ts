import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const MAIN = path.join(ROOT, "tools", "plan-diff", "main.ts");
const STACK_FILE = path.join("stacks", "Pulumi.kubernetes.yaml");

function git(cwd: string, ...args: string[]): string {
    return execFileSync(
        "git",
        [
            "-c",
            "user.name=plan-diff test",
            "-c",
            "user.email=plan-diff@test.invalid",
            "-c",
            "commit.gpgsign=false",
            ...args,
        ],
        {
            cwd,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        },
    ).trim();
}

/** Runs plan-diff (this checkout's tools/, as `npm run plan-diff` does) in `cwd`. */
function planDiff(cwd: string, args: string[]) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", MAIN, ...args], {
        cwd,
        encoding: "utf8",
        timeout: 120_000,
    });
}

const tempEntries = () =>
    new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("plan-diff-")));

describe("plan-diff: end to end in a temporary clone", function () {
    this.timeout(120_000);
    let tmp: string;
    let clone: string;
    let oldMax: number;
    let newMax: number;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-e2e-"));
        clone = path.join(tmp, "repo");
        execFileSync("git", ["clone", "--quiet", "--local", "--no-hardlinks", ROOT, clone], {
            stdio: "pipe",
        });
        fs.symlinkSync(
            fs.realpathSync(path.join(ROOT, "node_modules")),
            path.join(clone, "node_modules"),
            "dir",
        );
        // One commit that only raises the kubernetes stack's HPA maxReplicas by 2.
        const file = path.join(clone, STACK_FILE);
        const text = fs.readFileSync(file, "utf8");
        const match = /^(\s+maxReplicas:\s*)(\d+)\s*$/m.exec(text);
        if (!match) {
            throw new Error(`${STACK_FILE} has no maxReplicas line to change`);
        }
        oldMax = Number(match[2]);
        newMax = oldMax + 2;
        fs.writeFileSync(file, text.replace(match[0], `${match[1]}${newMax}`));
        git(
            clone,
            "commit",
            "--quiet",
            "-am",
            `kubernetes stack: maxReplicas ${oldMax} -> ${newMax}`,
        );
    });
    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("reports exactly the HPA's spec.maxReplicas changing between HEAD~1 and HEAD, and cleans up its worktrees", () => {
        const tempBefore = tempEntries();
        const result = planDiff(clone, [
            "--stack",
            "kubernetes",
            "--base",
            "HEAD~1",
            "--head",
            "HEAD",
        ]);
        expect(result.status, result.stderr).to.equal(0);
        const lines = result.stdout.trimEnd().split("\n");
        expect(lines[0]).to.match(
            /^plan diff for stack kubernetes: HEAD~1 \([0-9a-f]{12}\) → HEAD \([0-9a-f]{12}\)$/,
        );
        expect(lines.slice(1, 3)).to.deep.equal([
            "~ kubernetes:autoscaling/v2:HorizontalPodAutoscaler inference-vllm",
            `    spec.maxReplicas: ${oldMax} → ${newMax}`,
        ]);
        expect(lines[3]).to.match(/^1 changed, 0 added, 0 removed, \d+ unchanged$/);
        expect(lines).to.have.length(4);

        expect(git(clone, "worktree", "list", "--porcelain").match(/^worktree /gm)).to.have.length(
            1,
        );
        const leftover = [...tempEntries()].filter((f) => !tempBefore.has(f));
        expect(leftover, "temporary directories left behind").to.deep.equal([]);
    });

    it("compares against the working tree when --head is not given: no changes when it is clean", () => {
        const result = planDiff(clone, ["--stack", "kubernetes", "--base", "HEAD"]);
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(
            /^plan diff for stack kubernetes: HEAD \([0-9a-f]{12}\) → working tree\nno changes \(\d+ resources\)\n$/,
        );
    });

    it("exits 1 with the render's error when a side fails to render, still removing its worktree", () => {
        fs.writeFileSync(path.join(clone, STACK_FILE), "config: [this is not yaml\n");
        git(clone, "commit", "--quiet", "-am", "broken stack file");
        try {
            const result = planDiff(clone, [
                "--stack",
                "kubernetes",
                "--base",
                "HEAD~1",
                "--head",
                "HEAD",
            ]);
            expect(result.status).to.equal(1);
            expect(result.stderr).to.match(
                /^plan-diff: rendering stack kubernetes at HEAD \([0-9a-f]{12}\) failed:/,
            );
            expect(
                git(clone, "worktree", "list", "--porcelain").match(/^worktree /gm),
            ).to.have.length(1);
        } finally {
            git(clone, "reset", "--quiet", "--hard", "HEAD~1");
        }
    });

    it("rejects a missing flag or an unknown ref with a clear message", () => {
        const noStack = planDiff(clone, ["--base", "HEAD"]);
        expect(noStack.status).to.equal(2);
        expect(noStack.stderr).to.match(/^plan-diff: --stack is required, e.g. --stack gke\n/);

        const badRef = planDiff(clone, ["--stack", "kubernetes", "--base", "no-such-branch"]);
        expect(badRef.status).to.equal(1);
        expect(badRef.stderr).to.equal(
            `plan-diff: --base "no-such-branch": not a commit in ${fs.realpathSync(clone)}\n`,
        );
    });
});
