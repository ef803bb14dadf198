/**
 * The reachable reference (the cheapest fixed replica count meeting the SLO) and a `tune` that
 * ranks over several cases: it never picks a configuration that meets the SLO on one case and
 * misses another, and it reports the spread and a held-out family.
 */
import { expect } from "chai";
import { scenario } from "../../simulator/scenario";
import { simulate } from "../../simulator/simulate";
import { bestFixedCount, fixedRun, summarize, summaryTable } from "../../simulator/summary";
import { PATTERNS, syntheticTrace } from "../../simulator/trace";
import { caseSet, Candidate, candidates, tuneOver, TuneCase } from "../../simulator/tune";

const SLO = { ttftSeconds: 2, percentile: 95 };
/** The eks stack as these cases were sized for: one replica and one GPU node to start. */
const EKS = {
    stack: "eks",
    set: [
        "inference-autoscaling:autoscaling.minReplicas=1",
        "inference-autoscaling:nodePool.minNodes=1",
    ],
};

const synthetic = (pattern: (typeof PATTERNS)[number], seed: number, meanRate: number) =>
    syntheticTrace({
        pattern,
        seed,
        duration: 600,
        meanRate,
        promptMedian: 1024,
        outputMedian: 128,
    });

describe("simulator: the best fixed count and tune over several cases", function () {
    this.timeout(300_000);

    it("the best fixed count is the fewest replicas meeting the SLO, and the lower bound is below it", () => {
        const cfg = scenario(EKS);
        const trace = synthetic("bursty", 1, 8);
        const ref = bestFixedCount(cfg, trace, SLO, 1);
        expect(ref.upTo).to.equal(cfg.maxReplicas);
        expect(ref.replicas, "some fixed count meets the SLO").to.be.a("number");
        const n = ref.replicas as number;
        expect(n, "one replica does not serve these bursts").to.be.greaterThan(1);
        expect(fixedRun(cfg, trace, SLO, 1, n - 1).meetsSlo, `${n - 1} replicas`).to.equal(false);
        const at = fixedRun(cfg, trace, SLO, 1, n);
        expect(at.meetsSlo).to.equal(true);
        expect(ref.gpuHours).to.equal(at.gpuHours);
        const summary = summarize(simulate(cfg, trace, { seed: 1 }), trace, SLO, undefined, {
            reference: true,
        });
        expect(summary.bestFixed).to.deep.equal(ref);
        expect(summary.lowerBoundGpuHours).to.be.at.most(ref.gpuHours as number);
        expect(summary.ratioToBestFixed).to.be.closeTo(summary.gpuHours / at.gpuHours, 1e-12);
        expect(summaryTable([summary], SLO)).to.match(
            new RegExp(`vs best fixed count\\s+\\d+\\.\\d\\d x \\(${n} replicas, `),
        );
        // None up to maxReplicas: said so.
        const capped = { ...cfg, maxReplicas: 1 };
        const none = bestFixedCount(capped, trace, SLO, 1);
        expect(none).to.deep.equal({ upTo: 1 });
        expect(
            summaryTable(
                [
                    summarize(simulate(capped, trace, { seed: 1 }), trace, SLO, undefined, {
                        reference: true,
                    }),
                ],
                SLO,
            ),
        ).to.match(/vs best fixed count\s+none up to 1 replicas/);
    });

    it("does not pick a candidate that meets the SLO on one case but misses another", () => {
        // Two candidates differing in minReplicas only: one replica serves the light trace (and
        // costs less there), the bursts of the heavy one need two.
        const base = candidates(EKS).filter(
            (c) =>
                c.behaviorName === "component default" &&
                JSON.stringify(c.autoscaling.metrics) ===
                    JSON.stringify([{ name: "vllm_num_requests_running", target: 64 }]),
        );
        const one = base.find((c) => c.autoscaling.minReplicas === 1) as Candidate;
        const two = base.find((c) => c.autoscaling.minReplicas === 2) as Candidate;
        const light: TuneCase = {
            name: "light",
            family: "diurnal",
            seed: 1,
            trace: synthetic("diurnal", 1, 2),
        };
        const heavy: TuneCase = {
            name: "heavy",
            family: "bursty",
            seed: 1,
            trace: synthetic("bursty", 1, 8),
        };
        const onLight = tuneOver(EKS, [light], SLO, { candidates: [one, two] });
        expect(onLight.best.candidate, "alone, the light case picks one replica").to.equal(one);
        const run = (c: Candidate, k: TuneCase) =>
            summarize(
                simulate(scenario({ ...EKS, set: [...EKS.set, c.set] }), k.trace, { seed: 1 }),
                k.trace,
                SLO,
            );
        expect(run(one, light).meetsSlo).to.equal(true);
        expect(run(one, heavy).meetsSlo, "one replica misses the heavy case").to.equal(false);

        const r = tuneOver(EKS, [light, heavy], SLO, { candidates: [one, two] });
        expect(r.best.candidate).to.equal(two);
        expect(r.met).to.equal(true);
        for (const c of r.best.runs) {
            expect(c.summary.meetsSlo, c.case.name).to.equal(true);
        }
        // Order does not matter: the heavy case first gives the same winner.
        const back = tuneOver(EKS, [heavy, light], SLO, { candidates: [one, two] });
        expect(back.best.candidate).to.equal(two);
    });

    it("ranks over several cases: the winner meets the SLO on each, with its spread and the held-out result", () => {
        const { tuning, heldOut } = caseSet({
            trace: synthetic("step", 1, 4),
            traceName: "step trace",
            seeds: [1, 2],
            families: ["bursty", "long-prompts"],
            holdout: "long-prompts",
            syntheticSeconds: 600,
            syntheticRate: 6,
        });
        expect(tuning.map((c) => c.name)).to.deep.equal([
            "step trace, seed 1",
            "step trace, seed 2",
            "bursty, seed 1",
            "bursty, seed 2",
        ]);
        expect(heldOut.map((c) => c.family)).to.deep.equal(["long-prompts", "long-prompts"]);
        // A few candidates, to keep the test short: every target of running requests, default behavior.
        const some = candidates(EKS).filter(
            (c) =>
                c.behaviorName === "component default" &&
                (c.autoscaling.metrics as { name: string }[])[0].name ===
                    "vllm_num_requests_running",
        );
        const r = tuneOver(EKS, tuning, SLO, { heldOut, candidates: some });
        expect(r.met).to.equal(true);
        expect(r.best.runs).to.have.length(tuning.length);
        for (const c of r.best.runs) {
            expect(c.summary.meetsSlo, c.case.name).to.equal(true);
        }
        const g = r.best.runs.map((c) => c.summary.gpuHours);
        expect(r.spread.gpuHours).to.deep.equal([Math.min(...g), Math.max(...g)]);
        expect(r.spread.ttft[0]).to.be.at.most(r.spread.ttft[1]);
        expect(r.spread.ttft[1]).to.be.at.most(SLO.ttftSeconds);
        expect(r.heldOut.map((c) => c.case.name)).to.deep.equal([
            "long-prompts, seed 1",
            "long-prompts, seed 2",
        ]);
        // The held-out figures are the winner's, simulated as the stack would run it.
        const again = summarize(
            simulate(
                scenario({ ...EKS, set: [...EKS.set, r.best.candidate.set] }),
                heldOut[0].trace,
                {
                    seed: 1,
                },
            ),
            heldOut[0].trace,
            SLO,
        );
        expect(r.heldOut[0].summary.gpuHours).to.equal(again.gpuHours);
        expect(r.heldOut[0].summary.meetsSlo).to.equal(again.meetsSlo);
        // Exhaustive ranking agrees with the pruned search.
        const mean = (c: Candidate) =>
            tuning
                .map((k) =>
                    summarize(
                        simulate(scenario({ ...EKS, set: [...EKS.set, c.set] }), k.trace, {
                            seed: k.seed,
                        }),
                        k.trace,
                        SLO,
                    ),
                )
                .reduce((acc, s) => ({ ok: acc.ok && s.meetsSlo, gpu: acc.gpu + s.gpuHours }), {
                    ok: true,
                    gpu: 0,
                });
        const winners = some
            .map((c) => ({ c, ...mean(c) }))
            .filter((x) => x.ok)
            .sort((a, b) => a.gpu - b.gpu);
        expect(winners[0].gpu / tuning.length).to.be.closeTo(r.best.meanGpuHours, 1e-12);
    });

    it("keeps the existing patterns' traffic for a seed, and the new families are heavier per request", () => {
        // Fingerprints of the four older patterns (seed 5, 10 min at 2 requests/s), as drawn before
        // the token-length families were added: count, prompt tokens, output tokens.
        const before = {
            step: [1421, 2292296, 291908],
            spike: [2018, 3306276, 422521],
            diurnal: [734, 1289577, 147743],
            bursty: [1243, 2077977, 259543],
        };
        for (const [pattern, fp] of Object.entries(before)) {
            const t = synthetic(pattern as keyof typeof before, 5, 2);
            const sum = (f: (r: (typeof t)[number]) => number) => t.reduce((a, r) => a + f(r), 0);
            expect(
                [t.length, sum((r) => r.promptTokens), sum((r) => r.outputTokens)],
                pattern,
            ).to.deep.equal(fp);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const bursty = synthetic("bursty", 1, 4);
        const prompts = synthetic("long-prompts", 1, 4);
        const outputs = synthetic("long-outputs", 1, 4);
        expect(median(prompts.map((r) => r.promptTokens))).to.be.greaterThan(
            2 * median(bursty.map((r) => r.promptTokens)),
        );
        expect(median(outputs.map((r) => r.outputTokens))).to.be.greaterThan(
            4 * median(bursty.map((r) => r.outputTokens)),
        );
        // Few requests over the bundled stacks' 8192-token context.
        const over = prompts.filter((r) => r.promptTokens + r.outputTokens > 8192).length;
        expect(over / prompts.length).to.be.below(0.02);
    });
});
