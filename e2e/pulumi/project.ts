/**
 * Scratch copies of the project for the real engine: the working tree (what is being tested) or an
 * earlier commit, each with the repository's node_modules linked in, a stack file the e2e may add
 * settings to, and a local file backend shared by all of them (so an `up` from an earlier version
 * is followed by one from the current version on the same stack state).
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { REPO_ROOT } from "../../harness/repo-root";
import { StateResource } from "../crd-order";

export interface PulumiEnv {
    /** Directory holding pulumi and pulumi-resource-kubernetes. */
    bin: string;
    /** The e2e's scratch directory: state and the Pulumi home live under it. */
    dir: string;
    kubeconfig: string;
    /** CA file the provider trusts for the chart repositories. */
    chartsCa: string;
}

export interface OperationResult {
    ok: boolean;
    /** The operation's summary (resource changes; outputs after up). */
    summary?: {
        changes?: Record<string, number>;
        outputs?: Record<string, unknown>;
        resources?: StateResource[];
    };
    /** The lines that say what went wrong. */
    errors: string;
    log: string;
}

/** A copy of the working tree (ref undefined) or of a commit, in `<dir>/<name>`. */
export function scratchProject(dir: string, name: string, ref?: string): string {
    const target = path.join(dir, name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    if (ref === undefined) {
        const files = execFileSync(
            "git",
            ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        )
            .split("\0")
            // Files only (a node_modules symlink is an untracked "file" to git where the ignore
            // pattern names a directory).
            .filter(
                (f) =>
                    f !== "" &&
                    fs.existsSync(path.join(REPO_ROOT, f)) &&
                    !fs.statSync(path.join(REPO_ROOT, f)).isDirectory(),
            );
        for (const f of files) {
            fs.mkdirSync(path.dirname(path.join(target, f)), { recursive: true });
            fs.copyFileSync(path.join(REPO_ROOT, f), path.join(target, f));
        }
    } else {
        execFileSync("bash", [
            "-c",
            `git -C "$0" archive "$1" | tar -x -C "$2"`,
            REPO_ROOT,
            ref,
            target,
        ]);
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(target, "node_modules"));
    return target;
}

/** Deep-merges `settings` (keys without the project prefix) into the project's stack file. */
export function addStackSettings(
    project: string,
    stack: string,
    settings: Record<string, unknown>,
): void {
    const file = path.join(project, "stacks", `Pulumi.${stack}.yaml`);
    const doc = (fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) : {}) as {
        config?: Record<string, unknown>;
    };
    const config = doc.config ?? {};
    const merge = (a: unknown, b: unknown): unknown =>
        a &&
        b &&
        typeof a === "object" &&
        typeof b === "object" &&
        !Array.isArray(a) &&
        !Array.isArray(b)
            ? Object.fromEntries(
                  [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [
                      k,
                      merge((a as any)[k], (b as any)[k]),
                  ]),
              )
            : (b ?? a);
    for (const [key, value] of Object.entries(settings)) {
        const full = `inference-autoscaling:${key}`;
        config[full] = merge(config[full], value);
    }
    fs.writeFileSync(file, yaml.dump({ ...doc, config }));
}

/** The longest an operation may take (the slowest, an upgrade's `up`, takes about a minute). */
const OPERATION_TIMEOUT_MS = 10 * 60_000;

/** Runs one operation (see operation.ts) with the real CLI; its whole output goes to a log file. */
export async function pulumi(
    env: PulumiEnv,
    project: string,
    stack: string,
    op: string,
): Promise<OperationResult> {
    return runOperation(env, `${path.basename(project)}-${op}`, [
        process.execPath,
        "-r",
        "ts-node/register/transpile-only",
        path.join(__dirname, "operation.ts"),
        op,
        project,
        stack,
    ]);
}

/**
 * Runs a program that drives the real CLI (`argv`: the command and its arguments) with the e2e's
 * backend, Pulumi home and cluster, and `extraPath` first on PATH; it prints its summary as one
 * JSON line last. Its whole output goes to a log file.
 */
export async function runOperation(
    env: PulumiEnv,
    label: string,
    argv: string[],
    extraPath: string[] = [],
): Promise<OperationResult> {
    const logDir = path.join(env.dir, "logs");
    fs.mkdirSync(logDir, { recursive: true });
    fs.mkdirSync(path.join(env.dir, "state"), { recursive: true });
    const log = path.join(logDir, `pulumi-${label}-${Date.now()}.log`);
    const child = spawn(argv[0], argv.slice(1), {
        cwd: REPO_ROOT,
        env: {
            ...process.env,
            PATH: [...extraPath, env.bin, process.env.PATH].join(":"),
            PULUMI_HOME: path.join(env.dir, "pulumi-home"),
            PULUMI_BACKEND_URL: `file://${path.join(env.dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            KUBECONFIG: env.kubeconfig,
            SSL_CERT_FILE: env.chartsCa,
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    // Written as it comes, so a hung operation's log shows where it stopped.
    let output = "";
    const append = (d: Buffer) => {
        output += d.toString();
        fs.appendFileSync(log, d);
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    const timer = setTimeout(() => {
        append(
            Buffer.from(`\nerror: e2e: no end after ${OPERATION_TIMEOUT_MS / 1000} s, stopped\n`),
        );
        child.kill("SIGKILL");
    }, OPERATION_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    const lines = output.trimEnd().split("\n");
    let summary: OperationResult["summary"];
    try {
        summary = JSON.parse(lines[lines.length - 1]) as OperationResult["summary"];
    } catch {
        summary = undefined;
    }
    // What went wrong: the engine's diagnostics and error lines, not the diff.
    const diagnostics = lines.findIndex((l) => /^Diagnostics:/.test(l));
    const errors = [
        ...(diagnostics >= 0 ? lines.slice(diagnostics, diagnostics + 40) : []),
        ...lines
            .filter(
                (l, i) =>
                    (diagnostics < 0 || i < diagnostics) &&
                    /\berror\b|failed|expected no changes|^\s+[~+-]{1,2}\s*\S+: \(/i.test(l),
            )
            .slice(-25),
    ].join("\n");
    return { ok: code === 0, summary, errors, log };
}
