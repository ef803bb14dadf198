/**
 * `npm run simulate` and `npm run tune` as a newcomer runs them, and the trace formats they read.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../harness/plan";
import { BUNDLED_TRACE } from "../../simulator/runs";
import { scenario } from "../../simulator/scenario";
import { simulate } from "../../simulator/simulate";
import { summarize } from "../../simulator/summary";
import { parseTrace, readTrace, syntheticTrace } from "../../simulator/trace";
import { tune } from "../../simulator/tune";

function run(script: string, args: string[]) {
    const r = spawnSync("npm", ["run", "--silent", script, "--", ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("simulate and tune commands", function () {
    this.timeout(180_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "simulate-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads the Azure trace format and the plain CSV, and names the line of a bad row", () => {
        const azure = parseTrace(
            "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:04.0319600,3180,8\n2023-11-16 18:17:03.9799600,4808,10\n",
            "a.csv",
        );
        expect(
            azure.map((r) => [Number(r.arrival.toFixed(3)), r.promptTokens, r.outputTokens]),
        ).to.deep.equal([
            [0, 4808, 10],
            [0.052, 3180, 8],
        ]);
        expect(parseTrace("0.5,100,20\n1.5,200,30\n", "p.csv").map((r) => r.arrival)).to.deep.equal(
            [0, 1],
        );
        expect(() =>
            parseTrace(
                "arrival_seconds,prompt_tokens,output_tokens\n1,100,20\n2,lots,30\n",
                "bad.csv",
            ),
        ).to.throw('bad.csv line 3: "2,lots,30"');
        const bundled = readTrace(BUNDLED_TRACE);
        expect(bundled.length).to.equal(8819);
        expect(bundled[bundled.length - 1].arrival).to.be.within(3300, 3600);
        expect(
            fs.readFileSync(path.join(path.dirname(BUNDLED_TRACE), "README.md"), "utf8"),
        ).to.contain("Patel et al.");
    });

    it("simulate writes the table, the timeline, the summary and the picture", () => {
        const out = path.join(dir, "run");
        const r = run("simulate", [
            "--stack",
            "eks",
            "--pattern",
            "spike",
            "--hours",
            "0.25",
            "--out",
            out,
        ]);
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).to.match(/TTFT p50 \/ p95 \/ p99 +\d/);
        expect(r.stdout).to.contain("vs lower bound");
        const csv = fs.readFileSync(path.join(out, "timeline.csv"), "utf8").trim().split("\n");
        // Every metric the stack's autoscaler reads, each with its target.
        expect(csv[0]).to.equal(
            "t,arrivals,running,waiting,kvCacheUsage,gpuBusy,desired,ready,pods,pending,nodes,gpusBilled," +
                "vllm_kv_cache_usage_perc,vllm_kv_cache_usage_perc_target,ttftP95",
        );
        expect(csv.length).to.be.greaterThan(900);
        expect(fs.readFileSync(path.join(out, "chart.png")).subarray(1, 4).toString()).to.equal(
            "PNG",
        );
        expect(fs.readFileSync(path.join(out, "chart.svg"), "utf8")).to.contain("<svg");
        expect(
            JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"))[0].label,
        ).to.equal("stack eks");
    });

    it("--compare puts the component's defaults, the seeds' setup and the stack side by side", () => {
        const r = run("simulate", [
            "--stack",
            "gke",
            "--pattern",
            "bursty",
            "--hours",
            "0.25",
            "--compare",
            "--out",
            path.join(dir, "compare"),
        ]);
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout.split("\n").find((l) => l.includes("component defaults"))).to.match(
            /component defaults +seeds' setup +your stack/,
        );
        const timelines = () =>
            fs.readdirSync(path.join(dir, "compare")).filter((f) => f.startsWith("timeline"));
        expect(timelines()).to.have.length(3);
        // A single run into the same directory leaves only its own timeline, not the three above.
        const again = run("simulate", [
            "--stack",
            "gke",
            "--pattern",
            "bursty",
            "--hours",
            "0.05",
            "--out",
            path.join(dir, "compare"),
        ]);
        expect(again.status, again.stderr).to.equal(0);
        expect(timelines()).to.deep.equal(["timeline.csv"]);
    });

    it("refuses bad input with the flag, the value and what is allowed", () => {
        const bad = [
            [
                ["--stack", "eks", "--pattern", "wavy"],
                "--pattern wavy: expected one of step, spike, diurnal, bursty",
            ],
            [["--stack", "eks", "--slo", "p95<2s"], "--slo p95<2s: expected ttft-pNN=DURATION"],
            [
                ["--stack", "eks", "--param", "warp=9"],
                "--param warp=9: expected name=positive number",
            ],
            [["--stack", "nowhere"], 'no stack "nowhere"'],
            [
                ["--stack", "eks", "--set", "inference-autoscaling:autoscaling.maxReplicas=lots"],
                "stack eks has 1 config problem(s):\n  - inference-autoscaling:autoscaling.maxReplicas",
            ],
        ] as const;
        for (const [args, message] of bad) {
            const r = run("simulate", [...args]);
            expect(r.status, args.join(" ")).to.equal(2);
            expect(r.stderr, args.join(" ")).to.contain(message);
            expect(r.stderr).to.not.match(/\n\s+at /);
        }
        expect(run("simulate", ["--help"]).stdout).to.contain("usage: npm run simulate");
        expect(run("tune", ["--help"]).stdout).to.contain("usage: npm run tune");
    });

    it("tune's recommendation, simulated as the stack would run it, meets the SLO", () => {
        const trace = syntheticTrace({
            pattern: "bursty",
            seed: 3,
            duration: 900,
            meanRate: 3,
            promptMedian: 1024,
            outputMedian: 128,
        });
        const slo = { ttftSeconds: 2, percentile: 95 };
        const result = tune({ stack: "eks" }, trace, slo, 1);
        expect(result.met).to.equal(true);
        const again = summarize(
            simulate(scenario({ stack: "eks", set: [result.best.candidate.set] }), trace, {
                seed: 1,
            }),
            trace,
            slo,
        );
        expect(again.meetsSlo).to.equal(true);
        expect(again.gpuHours).to.equal(result.best.summary.gpuHours);
    });
});
