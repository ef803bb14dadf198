/**
 * The simulator's speed (tuning runs it hundreds of times) and where the component's defaults
 * stand against the seeds' setup and the lower bound on the bundled trace.
 */
import { componentDefaults, BUNDLED_TRACE, seedsSetup } from "../simulator/runs";
import { simulate } from "../simulator/simulate";
import { summarize, Summary } from "../simulator/summary";
import { readTrace, syntheticTrace } from "../simulator/trace";
import { DEFAULT_SLO, parseSlo } from "../simulator/slo";
import { seconds, table } from "./table";

/** Targets from the simulator issue (2-core machine). */
export const SIMULATE_HOUR_TARGET_SECONDS = 2;
export const SIMULATE_DAY_TARGET_SECONDS = 20;

function timed<T>(f: () => T): { value: T; seconds: number } {
    const started = process.hrtime.bigint();
    const value = f();
    return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Prints the figures; returns the targets missed. */
export function benchSimulation(stack: string): string[] {
    const slo = parseSlo(DEFAULT_SLO);
    const hour = readTrace(BUNDLED_TRACE);
    const day = syntheticTrace({
        pattern: "diurnal",
        seed: 1,
        duration: 86_400,
        meanRate: 2,
        promptMedian: 1024,
        outputMedian: 128,
    });
    const defaults = componentDefaults({ stack });
    const hourRun = timed(() => simulate(defaults, hour, { seed: 1 }));
    const dayRun = timed(() => simulate(defaults, day, { seed: 1 }));
    console.log(`\nSimulator speed (stack ${stack}, component defaults)\n`);
    console.log(
        table(
            ["traffic", "requests", "wall time", "target"],
            [
                [
                    "bundled 1 h Azure trace",
                    String(hour.length),
                    seconds(hourRun.seconds, 2),
                    `< ${SIMULATE_HOUR_TARGET_SECONDS} s`,
                ],
                [
                    "24 h synthetic (diurnal)",
                    String(day.length),
                    seconds(dayRun.seconds, 2),
                    `< ${SIMULATE_DAY_TARGET_SECONDS} s`,
                ],
            ],
        ),
    );
    const summaries: Summary[] = [
        summarize(hourRun.value, hour, slo),
        summarize(simulate(seedsSetup({ stack }), hour, { seed: 1 }), hour, slo),
    ];
    console.log(`\nOn the bundled trace (${DEFAULT_SLO})\n`);
    console.log(
        table(
            ["configuration", "GPU-hours", "within SLO", "SLO", "vs lower bound"],
            summaries.map((s) => [
                s.label,
                s.gpuHours.toFixed(2),
                `${(100 * s.withinSlo).toFixed(1)} %`,
                s.meetsSlo ? "met" : "missed",
                `${s.ratioToLowerBound.toFixed(2)} x`,
            ]),
        ),
    );
    const misses: string[] = [];
    if (hourRun.seconds > SIMULATE_HOUR_TARGET_SECONDS) {
        misses.push(
            `simulating the bundled hour took ${hourRun.seconds.toFixed(2)} s (target ${SIMULATE_HOUR_TARGET_SECONDS} s)`,
        );
    }
    if (dayRun.seconds > SIMULATE_DAY_TARGET_SECONDS) {
        misses.push(
            `simulating 24 h took ${dayRun.seconds.toFixed(2)} s (target ${SIMULATE_DAY_TARGET_SECONDS} s)`,
        );
    }
    return misses;
}
