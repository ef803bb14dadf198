/**
 * Offline plan diff: `npm run plan-diff -- --stack NAME --base REF [--head REF] [--repo DIR]`.
 *
 * Renders the stack's offline plan at git REF (in a temporary worktree) and at the working tree
 * (or at --head REF) and prints, per resource, what was added, removed or changed, with the JSON
 * path and old → new value of every changed input. Needs no cloud access and no Pulumi CLI.
 *
 * Exit code: 0 whatever the diff says; 1 when git or rendering fails; 2 for a bad command line.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { diffPlans, formatPlanDiff, PlanResource } from "./diff";
import {
    hasStack,
    removeAllWorktrees,
    renderPlan,
    repoRoot,
    resolveCommit,
    withWorktree,
} from "./git";

const USAGE = `usage: npm run plan-diff -- --stack NAME --base REF [--head REF] [--repo DIR]

  --stack NAME   stack to render (stacks/Pulumi.NAME.yaml)
  --base REF     git ref to compare from (branch, tag, commit, HEAD~1, ...)
  --head REF     git ref to compare to (default: the working tree, uncommitted changes included)
  --repo DIR     repository (default: the one containing the current directory)`;

class UsageError extends Error {}

interface Args {
    stack: string;
    base: string;
    head?: string;
    repo: string;
}

function parse(argv: string[]): Args | "help" {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                stack: { type: "string" },
                base: { type: "string" },
                head: { type: "string" },
                repo: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        throw new UsageError((err as Error).message.split("\n")[0]);
    }
    if (values.help) {
        return "help";
    }
    const stack = values.stack as string | undefined;
    const base = values.base as string | undefined;
    if (!stack) {
        throw new UsageError("--stack is required, e.g. --stack gke");
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new UsageError(
            `--stack "${stack}": must be a stack name (letters, digits, "_", "-", ".")`,
        );
    }
    if (!base) {
        throw new UsageError("--base is required, e.g. --base origin/main");
    }
    return {
        stack,
        base,
        head: values.head as string | undefined,
        repo: (values.repo as string | undefined) ?? process.cwd(),
    };
}

/** The stack's plan in the tree at `dir`, or [] when the stack does not exist there. */
async function planAt(
    dir: string,
    stack: string,
    outDir: string,
    label: string,
): Promise<{ plan: PlanResource[]; exists: boolean }> {
    if (!hasStack(dir, stack)) {
        return { plan: [], exists: false };
    }
    return { plan: await renderPlan(dir, stack, outDir, label), exists: true };
}

async function main(argv: string[]): Promise<number> {
    let args: Args | "help";
    try {
        args = parse(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`plan-diff: ${err.message}\n${USAGE}\n`);
            return 2;
        }
        throw err;
    }
    if (args === "help") {
        process.stdout.write(USAGE + "\n");
        return 0;
    }
    const { stack } = args;
    const root = repoRoot(path.resolve(args.repo));
    if (!fs.existsSync(path.join(root, "node_modules"))) {
        throw new Error(`${root} has no node_modules: run npm ci there first`);
    }
    const baseCommit = resolveCommit(root, args.base, "--base");
    const headCommit =
        args.head === undefined ? undefined : resolveCommit(root, args.head, "--head");
    const baseLabel = `${args.base} (${baseCommit.slice(0, 12)})`;
    const headLabel =
        headCommit === undefined ? "working tree" : `${args.head} (${headCommit.slice(0, 12)})`;

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-out-"));
    try {
        // Both sides render at once; both are waited for, so a failure on one side never leaves
        // the other's render running or its worktree behind.
        const settled = await Promise.allSettled([
            withWorktree(root, baseCommit, (dir) =>
                planAt(dir, stack, path.join(out, "base"), baseLabel),
            ),
            headCommit === undefined
                ? planAt(root, stack, path.join(out, "head"), headLabel)
                : withWorktree(root, headCommit, (dir) =>
                      planAt(dir, stack, path.join(out, "head"), headLabel),
                  ),
        ]);
        const failures = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failures.length > 0) {
            throw new Error(
                failures
                    .map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)))
                    .join("\n"),
            );
        }
        const [before, after] = settled.map(
            (s) => (s as PromiseFulfilledResult<{ plan: PlanResource[]; exists: boolean }>).value,
        );
        if (!before.exists && !after.exists) {
            throw new Error(
                `no stack "${stack}": stacks/Pulumi.${stack}.yaml exists neither at ${baseLabel} nor at ${headLabel}`,
            );
        }
        const lines = [`plan diff for stack ${stack}: ${baseLabel} → ${headLabel}`];
        if (!before.exists) {
            lines.push(`(stack ${stack} does not exist at ${baseLabel}: every resource is added)`);
        }
        if (!after.exists) {
            lines.push(
                `(stack ${stack} does not exist at ${headLabel}: every resource is removed)`,
            );
        }
        lines.push(formatPlanDiff(diffPlans(before.plan, after.plan)));
        process.stdout.write(lines.join("\n") + "\n");
        return 0;
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
        removeAllWorktrees();
        process.exit(signal === "SIGINT" ? 130 : 143);
    });
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        removeAllWorktrees();
        process.stderr.write(`plan-diff: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
