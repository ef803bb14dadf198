/**
 * `npm run bench [-- --quick]`: performance figures, printed as tables (not a test; nothing here
 * fails on timing unless --check is given).
 *
 * 1. Offline program run per stack: wall time, CPU time and peak RSS of a fresh render process,
 *    as the program is and with the cloud SDKs' root modules preloaded; which SDK modules it loads.
 * 2. Dependency depth per stack: the longest chain of waits in the plan (the serial part of
 *    `pulumi up`), against its budget (bench/depth-budgets.ts).
 * 3. Scaling-signal latency with a real Prometheus on loopback: step in emulated load -> adapter
 *    query returns it, for the component's defaults, its defaults before the scaled series got
 *    their own endpoint, and the seeds' kube-prometheus-stack defaults.
 * 4. Scrape load those intervals cost.
 * 5. The simulator: its speed on the bundled hour and on a synthetic day, and GPU-hours, SLO share
 *    and ratio to the lower bound of the component's defaults and the seeds' setup.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import { parseArgs } from "util";
import { listStacks } from "../harness/plan";
import { selfManagedPipeline } from "../harness/pipeline/topology";
import { requireBinary } from "../harness/binaries";
import { renderedStack } from "../harness/rendered-stack";
import { deployGraph, differencesFromPlan, longestChain, ResourceId } from "./dependency-graph";
import { DEPTH_BUDGETS } from "./depth-budgets";
import {
    formatDuration,
    max,
    median,
    samplesPerSecondPerReplica,
    scalingSeriesPerPage,
    SeriesAssumptions,
} from "./figures";
import { CLOUD_SDKS } from "./probe-report";
import { foreignCloudSdks, ownCloudSdk, ProgramRun, runProgram } from "./program-run";
import {
    BEFORE_SETUP,
    describeSetup,
    measureSignalLatency,
    parseSetup,
    renderedSetup,
    SEEDS_SETUP,
    SetupResult,
    signalBound,
    SIGNALS,
    SignalSetup,
    stopAll,
} from "./signal-latency";
import { benchSimulation } from "./simulation";
import { mebibytes, seconds, table, yesNo } from "./table";

/** Targets from the performance issue. */
const RENDER_TARGET_SECONDS = 3;
const SIGNAL_AGE_TARGET_SECONDS = 20;
/** The fast path's target for the series vLLM serves (bound), at no more samples/s than before it. */
const VLLM_SIGNAL_AGE_TARGET_SECONDS = 5;
/** The HPA controller's default --horizontal-pod-autoscaler-sync-period. */
const HPA_SYNC_SECONDS = 15;
/** What the bench measures when the defaults miss the signal-age target: ServiceMonitors/rule group/dcgm-exporter. */
const RECOMMENDED = "10s/5s/2s";

const { values: args } = parseArgs({
    options: {
        quick: { type: "boolean", default: false },
        runs: { type: "string" },
        stacks: { type: "string" },
        lanes: { type: "string" },
        seconds: { type: "string" },
        candidate: { type: "string", multiple: true },
        "latency-stack": { type: "string" },
        "skip-latency": { type: "boolean", default: false },
        "skip-simulation": { type: "boolean", default: false },
        "simulation-stack": { type: "string", default: "eks" },
        "vllm-series": { type: "string", default: "500" },
        "dcgm-series": { type: "string", default: "35" },
        check: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
    },
});

const USAGE = `npm run bench -- [options]
  --quick               fewer runs and a shorter latency experiment (about 2-3 minutes)
  --runs N              program runs per stack and variant (default 3, quick 1)
  --stacks a,b          stacks to run (default: every stacks/Pulumi.<stack>.yaml)
  --lanes N             independently stepping pods per latency setup (default 10, quick 6)
  --seconds N           latency experiment length; each pod makes at least one step (default 120, quick 30)
  --candidate S/E/C     also measure ServiceMonitor interval S, rule interval E, dcgm-exporter collect interval C
                        (repeatable; when the defaults miss the target and none is given, ${RECOMMENDED} is measured)
  --latency-stack NAME  stack whose rendered pipeline is measured (default: kubernetes, else the first self-managed one)
  --skip-latency        only the program runs and dependency depth (and the simulator)
  --skip-simulation     leave out the simulator's figures
  --simulation-stack S  stack the simulator figures use (default eks)
  --vllm-series N       series on one vLLM /metrics page, for the scrape load (default 500)
  --dcgm-series N       dcgm-exporter series per GPU, for the scrape load (default 35)
  --check               exit 1 when a target is missed`;

function intArg(value: string | undefined, fallback: number, name: string): number {
    if (value === undefined) {
        return fallback;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
        throw new Error(`--${name} takes a positive whole number, not "${value}"`);
    }
    return n;
}

const progress = (message: string) => process.stderr.write(`  ... ${message}\n`);
const misses: string[] = [];

/** "kubernetes:core/v1:Namespace::inference-monitoring" -> "Namespace/inference-monitoring". */
function shortId(id: ResourceId): string {
    const [type, name] = [id.slice(0, id.indexOf("::")), id.slice(id.indexOf("::") + 2)];
    return `${type.slice(type.lastIndexOf(":") + 1)}/${name}`;
}

function prometheusVersion(): string {
    const out = spawnSync(requireBinary("prometheus"), ["--version"], { encoding: "utf8" });
    return /version (\S+)/.exec(`${out.stdout}${out.stderr}`)?.[1] ?? "unknown";
}

async function programRuns(
    stacks: string[],
    runs: number,
): Promise<Map<string, { plain: ProgramRun[]; roots: ProgramRun[] }>> {
    progress(`warm-up render of ${stacks[0]} (not counted)`);
    await runProgram(stacks[0]);
    const results = new Map<string, { plain: ProgramRun[]; roots: ProgramRun[] }>();
    // One entry per stack, created up front; a stack named twice shares its entry.
    const entries = stacks.map((stack) => {
        const entry = results.get(stack) ?? { plain: [], roots: [] };
        results.set(stack, entry);
        return { stack, entry };
    });
    for (let r = 0; r < runs; r++) {
        for (const { stack, entry } of entries) {
            progress(`render ${stack}, run ${r + 1}/${runs}, as is and with SDK roots`);
            entry.plain.push(await runProgram(stack));
            entry.roots.push(await runProgram(stack, { sdkRoots: true }));
        }
    }
    return results;
}

function reportProgramRuns(
    results: Map<string, { plain: ProgramRun[]; roots: ProgramRun[] }>,
    runs: number,
): void {
    console.log(
        `\n1. Offline program run (fresh \`node -r ts-node/register/transpile-only scripts/render.ts --stack S\`, ${runs} run${runs > 1 ? "s" : ""} each)`,
    );
    console.log(
        `   "as is" imports cloud SDKs by submodule; "+SDK roots" also requires ${CLOUD_SDKS.join(", ")} first.`,
    );
    console.log(
        "   Both include node's start-up and ts-node loading TypeScript and transpiling the program; npm's start-up is excluded.",
    );
    console.log(
        "   Wall: fastest run (other load on the machine only adds to it) and median; CPU and peak RSS: median.\n",
    );
    const rows: string[][] = [];
    const loads: string[][] = [];
    const secondsOf = (
        runs: ProgramRun[],
        pick: (p: ProgramRun) => number,
        summary: (v: number[]) => number,
    ) => summary(runs.map(pick)) / 1000;
    const fastest = (v: number[]) => Math.min(...v);
    for (const [stack, { plain, roots }] of results) {
        const wall = secondsOf(plain, (p) => p.wallMs, fastest);
        const cpu = secondsOf(plain, (p) => p.cpuMs, median);
        const rss = median(plain.map((p) => p.maxRssKb));
        const rootsWall = secondsOf(roots, (p) => p.wallMs, fastest);
        const rootsCpu = secondsOf(roots, (p) => p.cpuMs, median);
        const rootsRss = median(roots.map((p) => p.maxRssKb));
        rows.push([
            stack,
            String(plain[0].plan.length),
            seconds(wall, 2),
            seconds(
                secondsOf(plain, (p) => p.wallMs, median),
                2,
            ),
            seconds(cpu, 2),
            mebibytes(rss),
            seconds(rootsWall, 2),
            seconds(rootsCpu, 2),
            mebibytes(rootsRss),
            `${seconds(rootsWall - wall, 2)} / ${seconds(rootsCpu - cpu, 2)} / ${mebibytes(rootsRss - rss)}`,
            yesNo(wall < RENDER_TARGET_SECONDS),
        ]);
        if (wall >= RENDER_TARGET_SECONDS) {
            misses.push(
                `render of ${stack} took ${seconds(wall, 2)} (target < ${RENDER_TARGET_SECONDS} s)`,
            );
        }
        const own = ownCloudSdk(stack);
        const foreign = foreignCloudSdks(plain[0], own);
        const pkgs = Object.entries(plain[0].modules.pulumi)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([p, n]) => `${p.replace("@pulumi/", "")} ${n}`)
            .join(", ");
        const rootsPkgs = CLOUD_SDKS.map(
            (s) => `${s.replace("@pulumi/", "")} ${roots[0].modules.pulumi[s] ?? 0}`,
        ).join(", ");
        loads.push([
            stack,
            own ?? "none",
            pkgs,
            String(plain[0].modules.total),
            rootsPkgs,
            foreign.join(", ") || "-",
            yesNo(foreign.length === 0),
        ]);
        if (foreign.length > 0) {
            misses.push(`stack ${stack} loads other clouds' SDKs: ${foreign.join(", ")}`);
        }
    }
    console.log(
        table(
            [
                "stack",
                "resources",
                "wall",
                "wall median",
                "CPU",
                "peak RSS",
                "+roots wall",
                "+roots CPU",
                "+roots RSS",
                "roots cost (wall / CPU / RSS)",
                `< ${RENDER_TARGET_SECONDS} s`,
            ],
            rows,
        ),
    );
    console.log("\n   Modules loaded (files per @pulumi package, as is):\n");
    console.log(
        table(
            [
                "stack",
                "own cloud SDK",
                "@pulumi packages (files)",
                "all files",
                "cloud SDK files with roots",
                "other clouds' SDKs",
                "own cloud only",
            ],
            loads,
        ),
    );
    const foreignImports = new Map<string, Set<string>>();
    for (const [stack, { plain }] of results) {
        const own = ownCloudSdk(stack);
        for (const i of plain[0].cloudImports) {
            if (!own || (i.request !== own && !i.request.startsWith(`${own}/`))) {
                foreignImports.set(
                    i.from,
                    (foreignImports.get(i.from) ?? new Set()).add(i.request),
                );
            }
        }
    }
    if (foreignImports.size > 0) {
        console.log(
            "\n   Static imports that load a cloud SDK into other clouds' stacks (load them only for their cloud):",
        );
        for (const [from, requests] of [...foreignImports].sort()) {
            console.log(`     ${from}: ${[...requests].sort().join(", ")}`);
        }
    }
}

function reportDepth(results: Map<string, { plain: ProgramRun[] }>): void {
    console.log(
        "\n2. Dependency depth (longest chain of waits in the plan = create steps `pulumi up` must run one after another)",
    );
    console.log(
        "   From each resource's registered dependencies (plan.json's dependsOn, with types); the explicit Kubernetes",
    );
    console.log(
        "   provider, which every Kubernetes resource also waits for, makes no cloud call and is not counted.\n",
    );
    const rows: string[][] = [];
    for (const [stack, { plain }] of results) {
        const run = plain[0];
        const differences = differencesFromPlan(run.resources, run.plan);
        if (differences.length > 0) {
            throw new Error(
                `stack ${stack}: registered graph and plan.json disagree:\n${differences.join("\n")}`,
            );
        }
        const graph = deployGraph(run.resources);
        const { length, chain } = longestChain(graph);
        const budget = DEPTH_BUDGETS[stack]?.budget;
        const ok = budget !== undefined && length <= budget;
        if (!ok) {
            misses.push(`stack ${stack}: longest chain ${length} > budget ${budget ?? "(none)"}`);
        }
        rows.push([
            stack,
            String(graph.size),
            String(length),
            budget === undefined ? "none" : String(budget),
            yesNo(ok),
            chain.map(shortId).join(" -> "),
        ]);
    }
    console.log(
        table(["stack", "custom resources", "longest chain", "budget", "within", "chain"], rows),
    );
}

function reportLatency(
    results: SetupResult[],
    stack: string,
    scaleUpWindow: number,
    lanes: number,
): void {
    console.log(
        `\n3. Scaling-signal latency (stack ${stack}; Prometheus ${prometheusVersion()} on 127.0.0.1; ${lanes} pods per setup stepping at random phases)`,
    );
    console.log(
        "   Time from a step in the emulated load to the adapter's query (rendered for the HPA's pods) returning the new value.",
    );
    console.log(
        "   intervals = scrapes (vLLM scaled series[,rest of the vLLM page],DCGM) / GPU rule evaluation / dcgm-exporter collect.",
    );
    console.log(
        "   bound = the scaled series' scrape for vLLM's series, collect + scrape + evaluation for the recorded GPU series.",
    );
    console.log(`   End to end adds the HPA's ${HPA_SYNC_SECONDS} s sync period`);
    console.log(
        `   and the scale-up stabilization window (${scaleUpWindow} s); pod start-up is not included. Poll resolution 0.1 s.\n`,
    );
    const rows: string[][] = [];
    for (const r of results) {
        for (const [i, s] of SIGNALS.entries()) {
            const samples = r.samples[s.metric];
            const worst = max(samples);
            const bound = signalBound(r.setup, s.metric);
            const ok = worst <= SIGNAL_AGE_TARGET_SECONDS && bound <= SIGNAL_AGE_TARGET_SECONDS;
            rows.push([
                i === 0 ? r.setup.label : "",
                i === 0 ? describeSetup(r.setup) : "",
                s.metric,
                s.kind,
                String(samples.length),
                seconds(median(samples)),
                seconds(worst),
                seconds(bound, 0),
                yesNo(ok),
                seconds(worst + HPA_SYNC_SECONDS + scaleUpWindow),
                seconds(bound + HPA_SYNC_SECONDS + scaleUpWindow, 0),
            ]);
        }
    }
    console.log(
        table(
            [
                "setup",
                "intervals",
                "metric",
                "series",
                "steps",
                "median",
                "worst",
                "bound",
                `<= ${SIGNAL_AGE_TARGET_SECONDS} s`,
                "end to end worst",
                "e2e bound",
            ],
            rows,
        ),
    );
    const defaults = results[0];
    if (signalBound(defaults.setup, "vllm_num_requests_running") > VLLM_SIGNAL_AGE_TARGET_SECONDS) {
        misses.push(
            `${defaults.setup.label}: vLLM signal age bound ${seconds(signalBound(defaults.setup, "vllm_num_requests_running"), 0)} (target <= ${VLLM_SIGNAL_AGE_TARGET_SECONDS} s)`,
        );
    }
    for (const s of SIGNALS) {
        const worst = max(defaults.samples[s.metric]);
        const bound = signalBound(defaults.setup, s.metric);
        if (worst > SIGNAL_AGE_TARGET_SECONDS || bound > SIGNAL_AGE_TARGET_SECONDS) {
            misses.push(
                `${defaults.setup.label}: ${s.metric} signal age worst ${seconds(worst)}, bound ${seconds(bound, 0)} (target <= ${SIGNAL_AGE_TARGET_SECONDS} s)`,
            );
        }
    }
}

function reportScrapeLoad(
    setups: readonly SignalSetup[],
    assumptions: SeriesAssumptions,
    maxReplicas: number,
): void {
    console.log(`\n4. Scrape load of the component's targets (samples/s appended to Prometheus)`);
    console.log(
        `   Assumes ${assumptions.vllmSeriesPerPod} series per vLLM pod, ${assumptions.dcgmSeriesPerGpu} per GPU from dcgm-exporter, ` +
            `${assumptions.gpusPerReplica} GPU per replica, +5 series per target from Prometheus, 1 recorded series per pod;` +
            ` of the vLLM series, ${assumptions.vllmScalingSeriesPerPod} are scaled on (the catalog's gauges and histograms).\n`,
    );
    const seeds = samplesPerSecondPerReplica(assumptions, SEEDS_SETUP);
    const before = samplesPerSecondPerReplica(assumptions, BEFORE_SETUP);
    if (samplesPerSecondPerReplica(assumptions, setups[0]) > before) {
        misses.push(
            `${setups[0].label}: ${samplesPerSecondPerReplica(assumptions, setups[0]).toFixed(1)} samples/s per replica, more than ${BEFORE_SETUP.label}'s ${before.toFixed(1)}`,
        );
    }
    const rows = setups.map((s) => {
        const perReplica = samplesPerSecondPerReplica(assumptions, s);
        return [
            s.label,
            describeSetup(s),
            perReplica.toFixed(1),
            (perReplica * maxReplicas).toFixed(0),
            `x${(perReplica / seeds).toFixed(2)}`,
            `${formatDuration(s.globalScrape)}/${formatDuration(s.globalEval)}`,
        ];
    });
    console.log(
        table(
            [
                "setup",
                "intervals",
                "per replica",
                `at maxReplicas (${maxReplicas})`,
                "vs seeds",
                "global scrape/eval",
            ],
            rows,
        ),
    );
    const global = setups[0];
    if (global.globalScrape < 30 || global.globalEval < 30) {
        console.log(
            `\n   Note: the component also sets Prometheus's global intervals to ${formatDuration(global.globalScrape)}/${formatDuration(global.globalEval)};` +
                " they apply to every kube-prometheus-stack monitor and rule without its own interval (kubelet, cAdvisor," +
                ` node-exporter, kube-state-metrics, the chart's default rules), multiplying their load by ${(30 / global.globalScrape).toFixed(1)} (scrapes)` +
                ` and ${(30 / global.globalEval).toFixed(1)} (rule evaluations) over the chart's 30s.`,
        );
    }
}

async function main(): Promise<void> {
    if (args.help) {
        console.log(USAGE);
        return;
    }
    const quick = args.quick ?? false;
    const runs = intArg(args.runs, quick ? 1 : 3, "runs");
    const lanes = intArg(args.lanes, quick ? 6 : 10, "lanes");
    const budgetSeconds = intArg(args.seconds, quick ? 30 : 120, "seconds");
    const stacks = args.stacks ? args.stacks.split(",") : listStacks();
    const assumptions: SeriesAssumptions = {
        vllmSeriesPerPod: intArg(args["vllm-series"], 500, "vllm-series"),
        dcgmSeriesPerGpu: intArg(args["dcgm-series"], 35, "dcgm-series"),
        vllmScalingSeriesPerPod: scalingSeriesPerPage("vllm"),
        gpusPerReplica: 1,
    };
    const candidates = (args.candidate ?? []).map((c) => parseSetup(c));

    const started = Date.now();
    console.log(
        `inference-autoscaling bench${quick ? " (--quick)" : ""}: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"})`,
    );
    const runsByStack = await programRuns(stacks, runs);
    reportProgramRuns(runsByStack, runs);
    reportDepth(runsByStack);

    if (!args["skip-latency"]) {
        const all = listStacks();
        const latencyStack =
            args["latency-stack"] ??
            ["kubernetes", ...all].find(
                (s) => all.includes(s) && selfManagedPipeline(renderedStack(s))?.dcgm !== undefined,
            );
        if (!latencyStack) {
            throw new Error(
                "no stack runs the self-managed pipeline with a DCGM exporter; pass --latency-stack",
            );
        }
        const rendered = renderedStack(latencyStack);
        const pipeline = selfManagedPipeline(rendered);
        if (!pipeline) {
            throw new Error(
                `stack ${latencyStack} has no self-managed pipeline (no prometheus-adapter)`,
            );
        }
        const defaults = renderedSetup("component defaults", rendered, pipeline);
        const missesTarget = SIGNALS.some(
            (s) => signalBound(defaults, s.metric) > SIGNAL_AGE_TARGET_SECONDS,
        );
        const extra =
            candidates.length > 0 || !missesTarget
                ? candidates
                : [parseSetup(RECOMMENDED, `recommended ${RECOMMENDED}`)];
        const setups = [defaults, BEFORE_SETUP, SEEDS_SETUP, ...extra];
        progress(
            `signal latency: ${setups.length} setups x ${lanes} pods, steps for ${budgetSeconds} s (a seeds step can take 90 s)`,
        );
        const results = await measureSignalLatency(pipeline, setups, {
            lanes,
            budgetSeconds,
            pollMs: 100,
            onProgress: progress,
        });
        const behavior = pipeline.hpa.spec.behavior as
            { scaleUp?: { stabilizationWindowSeconds?: number } } | undefined;
        reportLatency(
            results,
            latencyStack,
            behavior?.scaleUp?.stabilizationWindowSeconds ?? 0,
            lanes,
        );
        reportScrapeLoad(setups, assumptions, pipeline.hpa.spec.maxReplicas as number);
    }

    if (!args["skip-simulation"]) {
        misses.push(...benchSimulation(args["simulation-stack"] ?? "eks"));
    }

    console.log(`\nTargets: ${misses.length === 0 ? "all met" : `${misses.length} missed`}`);
    for (const m of misses) {
        console.log(`  - ${m}`);
    }
    console.log(`\nbench took ${Math.round((Date.now() - started) / 1000)} s`);
    if (args.check && misses.length > 0) {
        process.exitCode = 1;
    }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
        void stopAll().finally(() => process.exit(130));
    });
}

main().catch(async (err: unknown) => {
    await stopAll();
    // The message says what failed (a stack that does not render, a bad flag); BENCH_DEBUG=1 adds where.
    const debug = process.env.BENCH_DEBUG === "1" && err instanceof Error;
    console.error(`bench: ${debug ? err.stack : err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
