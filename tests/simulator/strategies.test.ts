/**
 * The scaling defaults come from the simulator (docs/simulator.md, "How the defaults were
 * chosen"): the seeds' GPU-utilisation target of 20 % goes to maxReplicas on any steady traffic,
 * because DCGM's counter reads 74 % for one request decoding (gpu-counter.ts); the component's
 * default (KV-cache use 0.5) holds its minimum there and still scales when load grows; each
 * stack's own settings meet a 2 s p95 on the bundled hour for fewer GPU-hours than the seeds'.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { BUNDLED_TRACE, userStack } from "../../simulator/runs";
import { resolveStack, ScenarioOptions } from "../../simulator/scenario";
import { simulate } from "../../simulator/simulate";
import { parseSlo } from "../../simulator/slo";
import { STRATEGIES } from "../../simulator/strategies";
import { summarize } from "../../simulator/summary";
import { readTrace, syntheticTrace } from "../../simulator/trace";

const SLO = parseSlo("ttft-p95=2s");
const SEEDS_STRATEGY = STRATEGIES[0];
const autoscaling = (value: object) => `inference-autoscaling:autoscaling=${JSON.stringify(value)}`;
const STACKS = fs
    .readdirSync(path.join(__dirname, "..", "..", "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);

describe("simulator: the scaling defaults", function () {
    this.timeout(120_000);

    it("the seeds' GPU utilisation at 20 % goes to maxReplicas on a trickle one replica serves; the default holds one", () => {
        // One request a second for 30 minutes: one L4 serves it with room to spare.
        const trickle = syntheticTrace({
            pattern: "long-prompts",
            seed: 1,
            duration: 1800,
            meanRate: 2,
            promptMedian: 512,
            outputMedian: 128,
        });
        const bounds = { minReplicas: 1, maxReplicas: 4 };
        const gpu = simulate(
            userStack({
                stack: "eks",
                set: [
                    autoscaling({
                        ...bounds,
                        metrics: [{ name: "gpu_utilization_percent", target: 20 }],
                    }),
                ],
            }),
            trickle,
        );
        const byDefault = simulate(
            userStack({ stack: "eks", set: [autoscaling(bounds)] }),
            trickle,
        );
        const peak = (r: typeof gpu) => Math.max(...r.timeline.map((t) => t.desired));
        expect(peak(gpu), "GPU utilisation at 20 %").to.equal(4);
        expect(peak(byDefault), "the component's default").to.equal(1);
        expect(summarize(byDefault, trickle, SLO).meetsSlo).to.equal(true);
    });

    it("the default scales up when load outgrows the minimum", () => {
        const step = syntheticTrace({
            pattern: "step",
            seed: 1,
            duration: 3600,
            meanRate: 20,
            promptMedian: 1024,
            outputMedian: 128,
        });
        const run = simulate(
            userStack({ stack: "eks", set: [autoscaling({ minReplicas: 2, maxReplicas: 4 })] }),
            step,
        );
        expect(Math.max(...run.timeline.map((t) => t.desired))).to.be.greaterThan(2);
    });

    for (const stack of STACKS) {
        it(`the ${stack} stack meets a 2 s p95 on the bundled hour for fewer GPU-hours than the seeds' strategy`, () => {
            const hour = readTrace(BUNDLED_TRACE);
            // The generic stack makes no pool: its nodes are the other stacks' L4s.
            const options: ScenarioOptions = {
                stack,
                ...(stack === "kubernetes" ? { accelerator: "nvidia-l4" } : {}),
            };
            const { minReplicas, maxReplicas } = resolveStack(stack).model.autoscaling;
            const own = summarize(simulate(userStack(options), hour), hour, SLO);
            const seeds = summarize(
                simulate(
                    userStack({
                        ...options,
                        set: [
                            autoscaling({
                                minReplicas,
                                maxReplicas,
                                metrics: SEEDS_STRATEGY.metrics,
                            }),
                        ],
                    }),
                    hour,
                ),
                hour,
                SLO,
            );
            expect(own.meetsSlo, `TTFT p95 ${own.ttftAtSlo.toFixed(2)} s`).to.equal(true);
            expect(own.gpuHours).to.be.lessThan(seeds.gpuHours);
        });
    }
});
