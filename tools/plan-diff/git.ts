/**
 * Git and rendering for plan-diff: resolve refs, check a ref out into a temporary worktree (with
 * the current node_modules symlinked in, since `npm ci` per ref would be far too slow), and run
 * that tree's own `npm run render` into a directory. Every worktree is removed again, also when
 * rendering fails or the process is interrupted (see removeAllWorktrees).
 */
import { ChildProcess, execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanResource } from "./diff";

/** Runs git in `cwd`; throws with git's own message on failure. */
export function git(cwd: string, args: string[]): string {
    try {
        return execFileSync("git", args, {
            cwd,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        }).trim();
    } catch (err) {
        const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
        throw new Error(`git ${args.join(" ")} failed in ${cwd}${stderr ? `: ${stderr}` : ""}`, {
            cause: err,
        });
    }
}

/** Top directory of the git work tree containing `dir`. */
export function repoRoot(dir: string): string {
    return git(dir, ["rev-parse", "--show-toplevel"]);
}

/** Full commit id of `ref`; throws naming the flag and the ref when it is not a commit. */
export function resolveCommit(root: string, ref: string, flag: string): string {
    try {
        return git(root, [
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            `${ref}^{commit}`,
        ]);
    } catch {
        throw new Error(`${flag} "${ref}": not a commit in ${root}`);
    }
}

interface Worktree {
    root: string;
    tmp: string;
    dir: string;
}

const active = new Set<Worktree>();
const renders = new Set<ChildProcess>();

function removeWorktree(w: Worktree): void {
    active.delete(w);
    try {
        execFileSync("git", ["worktree", "remove", "--force", w.dir], {
            cwd: w.root,
            stdio: "ignore",
        });
    } catch {
        // Not registered (add failed) or already gone: the prune below tidies up either way.
    }
    fs.rmSync(w.tmp, { recursive: true, force: true });
    try {
        execFileSync("git", ["worktree", "prune"], { cwd: w.root, stdio: "ignore" });
    } catch {
        // Nothing to prune.
    }
}

/**
 * Stops every render still running and removes every worktree still checked out; synchronous, so
 * a signal handler can call it.
 */
export function removeAllWorktrees(): void {
    for (const child of renders) {
        child.kill("SIGTERM");
    }
    for (const w of [...active]) {
        removeWorktree(w);
    }
}

/**
 * Checks `commit` out into a fresh temporary worktree of `root`, links `root`'s node_modules into
 * it, runs `fn` on its directory and removes the worktree afterwards, whatever happened.
 */
export async function withWorktree<T>(
    root: string,
    commit: string,
    fn: (dir: string) => Promise<T>,
): Promise<T> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
    const w: Worktree = { root, tmp, dir: path.join(tmp, "tree") };
    active.add(w);
    try {
        git(root, ["worktree", "add", "--detach", "--quiet", w.dir, commit]);
        fs.symlinkSync(
            fs.realpathSync(path.join(root, "node_modules")),
            path.join(w.dir, "node_modules"),
            "dir",
        );
        return await fn(w.dir);
    } finally {
        removeWorktree(w);
    }
}

/** True when the tree at `dir` has a config file for `stack`. */
export function hasStack(dir: string, stack: string): boolean {
    return fs.existsSync(path.join(dir, "stacks", `Pulumi.${stack}.yaml`));
}

/**
 * Runs `npm run --silent render -- --stack STACK --out OUT` in `dir` (that tree's own render
 * script) and reads OUT/plan.json. Rejects with the render's error output when it fails.
 */
export function renderPlan(
    dir: string,
    stack: string,
    outDir: string,
    label: string,
): Promise<PlanResource[]> {
    return new Promise((resolve, reject) => {
        const child = execFile(
            "npm",
            ["run", "--silent", "render", "--", "--stack", stack, "--out", outDir],
            // Only plan.json is compared: the charts are not rendered (an older checkout ignores the variable).
            {
                cwd: dir,
                encoding: "utf8",
                maxBuffer: 64 * 1024 * 1024,
                timeout: 10 * 60_000,
                env: { ...process.env, RENDER_PLAN_ONLY: "1" },
            },
            (err, stdout, stderr) => {
                renders.delete(child);
                if (err) {
                    const output = `${stderr}${stdout}`.trim();
                    reject(
                        new Error(
                            `rendering stack ${stack} at ${label} failed${output ? `:\n${output}` : ` (${err.message})`}`,
                        ),
                    );
                    return;
                }
                try {
                    resolve(
                        JSON.parse(
                            fs.readFileSync(path.join(outDir, "plan.json"), "utf8"),
                        ) as PlanResource[],
                    );
                } catch (readErr) {
                    reject(
                        new Error(
                            `rendering stack ${stack} at ${label} wrote no readable plan.json: ${(readErr as Error).message}`,
                        ),
                    );
                }
            },
        );
        renders.add(child);
    });
}
