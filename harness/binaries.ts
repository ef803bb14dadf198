/**
 * External programs the tests run (Prometheus and promtool from Debian's `prometheus` package,
 * installed by .ci/run). A missing program fails the test with the install command, never skips it.
 */
import { spawnSync } from "child_process";
import { onPath } from "../scripts/which";

/** Absolute path of `name` on PATH; throws with the install hint when it is not installed. */
export function requireBinary(name: string): string {
    const found = onPath(name);
    if (!found) {
        throw new Error(
            `${name} is not installed: run .ci/run, or \`apt-get install --no-install-recommends prometheus\` ` +
                "(Debian's package provides both prometheus and promtool)",
        );
    }
    return found;
}

export interface RunResult {
    status: number | null;
    output: string;
}

/** Runs a program to completion with a time limit; stdout and stderr are returned together. */
export function runBinary(
    name: string,
    args: string[],
    cwd: string,
    timeoutMs = 30_000,
): RunResult {
    const result = spawnSync(requireBinary(name), args, {
        cwd,
        encoding: "utf8",
        timeout: timeoutMs,
    });
    if (result.error) {
        throw result.error;
    }
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
