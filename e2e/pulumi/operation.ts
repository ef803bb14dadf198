/**
 * One Pulumi operation on a scratch copy of the project, run by the real CLI and engine:
 *   node -r ts-node/register/transpile-only e2e/pulumi/operation.ts <op> <project dir> <stack>
 * <op>: preview, preview-no-changes, up, refresh-no-changes, destroy, state (the stack's resources
 * as the engine recorded them).
 * No Node.js language host is served by the Go module proxy, so the program runs as an Automation
 * API inline program: the CLI talks to a language server in this process (`pulumi up --client`),
 * which imports the project's index.ts. One process per operation, as a module runs its top level
 * once. Prints the operation's summary as one JSON line last.
 */
import * as auto from "@pulumi/pulumi/automation";
import * as path from "path";

/**
 * Runs `op` on an Automation API stack, its output on stdout, and prints the operation's summary
 * as one JSON line last. Also the e2e's TypeScript language program's (e2e/languages/typescript.ts).
 */
export async function operate(stack: auto.Stack, op: string): Promise<void> {
    const onOutput = (out: string) => process.stdout.write(out);
    const common = { onOutput, color: "never" as const, diff: true };
    switch (op) {
        case "preview":
        case "preview-no-changes": {
            const r = await stack.preview({
                ...common,
                expectNoChanges: op === "preview-no-changes",
            });
            console.log(JSON.stringify({ changes: r.changeSummary }));
            return;
        }
        case "up": {
            const r = await stack.up(common);
            console.log(
                JSON.stringify({
                    changes: r.summary.resourceChanges,
                    outputs: Object.fromEntries(
                        Object.entries(r.outputs).map(([k, v]) => [k, v.value]),
                    ),
                }),
            );
            return;
        }
        case "refresh-no-changes": {
            const r = await stack.refresh({ onOutput, color: "never", expectNoChanges: true });
            console.log(JSON.stringify({ changes: r.summary.resourceChanges }));
            return;
        }
        case "destroy": {
            const r = await stack.destroy({ onOutput, color: "never" });
            console.log(JSON.stringify({ changes: r.summary.resourceChanges }));
            return;
        }
        case "state": {
            const exported = await stack.exportStack();
            console.log(JSON.stringify({ resources: exported.deployment.resources }));
            return;
        }
        default:
            throw new Error(`unknown operation ${op}`);
    }
}

async function main(): Promise<void> {
    const [op, dir, stackName] = process.argv.slice(2);
    const stack = await auto.LocalWorkspace.createOrSelectStack(
        {
            stackName,
            projectName: "inference-autoscaling",
            program: async () => ({ ...(await import(path.join(dir, "index.ts"))) }),
        },
        { workDir: dir },
    );
    await operate(stack, op);
}

if (require.main === module) {
    main().catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : String(e));
        process.exit(1);
    });
}
