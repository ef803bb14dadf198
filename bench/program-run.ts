/**
 * Runs a stack's program offline in a fresh child process, as `npm run render` does but without
 * npm's own start-up, with bench/render-probe.ts preloaded; returns the wall time, the probe's
 * report and the plan.json the render wrote. ts-node's transpiling of the program is part of the
 * wall time (the program is TypeScript; `pulumi up` transpiles it the same way).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { PlannedResource } from "../harness/mock-engine";
import { readStackConfig, REPO_ROOT } from "../harness/plan";
import { CLOUD_SDKS, CloudSdk, ProbeReport } from "./probe-report";

export interface ProgramRun extends ProbeReport {
    readonly stack: string;
    /** Whether the cloud SDKs' root modules were preloaded. */
    readonly sdkRoots: boolean;
    /** Spawn to exit, in milliseconds. */
    readonly wallMs: number;
    /** plan.json as the render wrote it. */
    readonly plan: PlannedResource[];
}

const PROBE = path.join(__dirname, "render-probe.ts");

/** Runs `stack`'s program once; rejects with the child's output when the render fails. */
export async function runProgram(
    stack: string,
    opts: { sdkRoots?: boolean } = {},
): Promise<ProgramRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${stack}-`));
    try {
        const report = path.join(dir, "probe.json");
        const outDir = path.join(dir, "out");
        const args = [
            "-r",
            "ts-node/register/transpile-only",
            "-r",
            PROBE,
            "scripts/render.ts",
            "--stack",
            stack,
            "--out",
            outDir,
            "--plan-only",
        ];
        const env = {
            ...process.env,
            BENCH_PROBE_OUT: report,
            BENCH_PROBE_ROOTS: opts.sdkRoots ? "1" : "0",
        };
        const started = performance.now();
        const child = spawn(process.execPath, args, {
            cwd: REPO_ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        const code = await new Promise<number | null>((resolve, reject) => {
            child.once("error", reject);
            child.once("exit", (c) => resolve(c));
        });
        const wallMs = performance.now() - started;
        if (code !== 0) {
            throw new Error(`render of stack ${stack} exited with ${code}:\n${output}`);
        }
        const probe = JSON.parse(fs.readFileSync(report, "utf8")) as ProbeReport;
        const plan = JSON.parse(
            fs.readFileSync(path.join(outDir, "plan.json"), "utf8"),
        ) as PlannedResource[];
        return { ...probe, stack, sdkRoots: opts.sdkRoots ?? false, wallMs, plan };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The cloud SDK a stack's own cloud needs (none for a generic cluster). */
export function ownCloudSdk(stack: string): CloudSdk | undefined {
    const cloud = readStackConfig(stack).config["inference-autoscaling:cloud"] ?? "generic";
    const sdk: Record<string, CloudSdk | undefined> = {
        gke: "@pulumi/gcp",
        eks: "@pulumi/aws",
        aks: "@pulumi/azure-native",
    };
    return sdk[cloud];
}

/** Cloud SDKs a run loaded that are not its own cloud's. */
export function foreignCloudSdks(run: ProbeReport, own: CloudSdk | undefined): CloudSdk[] {
    return CLOUD_SDKS.filter((sdk) => sdk !== own && (run.modules.pulumi[sdk] ?? 0) > 0);
}
