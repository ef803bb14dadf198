/**
 * Requests to replay: read from a trace file, or drawn from a seeded synthetic pattern.
 *
 * Two file formats: the Azure LLM inference trace (`TIMESTAMP,ContextTokens,GeneratedTokens`,
 * AzurePublicDataset; the bundled one is CC-BY 4.0, Patel et al., "Splitwise", ISCA 2024) and a
 * plain CSV `arrival_seconds,prompt_tokens,output_tokens` (header optional).
 */
import * as fs from "fs";
import { Random } from "./random";

export interface TraceRequest {
    /** Seconds since the start of the trace. */
    readonly arrival: number;
    readonly promptTokens: number;
    readonly outputTokens: number;
}

/**
 * Synthetic traffic: four arrival shapes with the given token medians, and two token-length families
 * at a steady rate (long prompts: 3x the prompt median at half the rate; long outputs: 8x the output
 * median at half the rate), both with a narrower spread (log-normal shape 0.4) so that few requests
 * go over a served model's context length (8192 tokens on the bundled stacks).
 */
export const PATTERNS = [
    "step",
    "spike",
    "diurnal",
    "bursty",
    "long-prompts",
    "long-outputs",
] as const;
export type Pattern = (typeof PATTERNS)[number];

/** "2023-11-16 18:17:03.9799600" as seconds since the epoch (UTC, sub-second digits kept). */
function azureTimestamp(text: string): number {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text.trim());
    if (!m) {
        return NaN;
    }
    const whole = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
    return whole + (m[7] ? Number(`0${m[7]}`) : 0);
}

/** Parses a trace file's text; `name` is only for error messages. Requests come sorted by arrival. */
export function parseTrace(text: string, name: string): TraceRequest[] {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length === 0) {
        throw new Error(`${name}: the trace is empty`);
    }
    const header = lines[0].split(",").map((h) => h.trim());
    const azure = header[0] === "TIMESTAMP";
    const hasHeader = azure || Number.isNaN(Number(header[0]));
    const rows = hasHeader ? lines.slice(1) : lines;
    const parsed = rows.map((line, i) => {
        const [a, p, o] = line.split(",");
        const arrival = azure ? azureTimestamp(a) : Number(a);
        const promptTokens = Number(p);
        const outputTokens = Number(o);
        if (
            ![arrival, promptTokens, outputTokens].every(Number.isFinite) ||
            promptTokens < 0 ||
            outputTokens < 0
        ) {
            throw new Error(
                `${name} line ${i + (hasHeader ? 2 : 1)}: "${line}" is not ${azure ? "TIMESTAMP,ContextTokens,GeneratedTokens" : "arrival_seconds,prompt_tokens,output_tokens"}`,
            );
        }
        return {
            arrival,
            promptTokens: Math.round(promptTokens),
            outputTokens: Math.max(1, Math.round(outputTokens)),
        };
    });
    parsed.sort((x, y) => x.arrival - y.arrival);
    const start = parsed[0].arrival;
    return parsed.map((r) => ({ ...r, arrival: r.arrival - start }));
}

export function readTrace(file: string): TraceRequest[] {
    return parseTrace(fs.readFileSync(file, "utf8"), file);
}

/** Requests per second of a synthetic pattern at time t (seconds), around `meanRate`. */
function rateAt(pattern: Pattern, t: number, duration: number, meanRate: number): number {
    switch (pattern) {
        case "step": // quiet first third, then three times the load
            return t < duration / 3 ? meanRate * 0.5 : meanRate * 1.5;
        case "spike": // steady, with a 2-minute spike at five times the load in the middle
            return Math.abs(t - duration / 2) < 60 ? meanRate * 5 : meanRate * 0.8;
        case "diurnal": // one day compressed into the duration: night at a fifth of the day's peak
            return meanRate * (0.6 - 0.4 * Math.cos((2 * Math.PI * t) / duration));
        case "bursty": // on/off: 1 minute at three times the load every 5 minutes
            return t % 300 < 60 ? meanRate * 3 : meanRate * 0.5;
        case "long-prompts": // steady, at half the rate: each request is heavier
        case "long-outputs":
            return meanRate * 0.5;
    }
}

/** Log-normal medians and shape of the token counts: the options' own, or a token-length family's. */
function tokenShape(o: SyntheticOptions): { prompt: number; output: number; sigma: number } {
    switch (o.pattern) {
        case "long-prompts":
            return { prompt: o.promptMedian * 3, output: o.outputMedian, sigma: 0.4 };
        case "long-outputs":
            return { prompt: o.promptMedian, output: o.outputMedian * 8, sigma: 0.4 };
        default:
            return { prompt: o.promptMedian, output: o.outputMedian, sigma: 1 };
    }
}

export interface SyntheticOptions {
    readonly pattern: Pattern;
    readonly seed: number;
    /** Seconds of traffic. */
    readonly duration: number;
    /** Mean requests per second over the pattern's busy parts. */
    readonly meanRate: number;
    /** Medians of the token counts (log-normal draws, shape 1; the token-length families scale them). */
    readonly promptMedian: number;
    readonly outputMedian: number;
}

/**
 * A non-homogeneous Poisson process by thinning (Lewis and Shedler): candidates at the peak rate,
 * each kept with probability rate(t)/peak, so arrivals follow the pattern exactly in expectation.
 */
export function syntheticTrace(o: SyntheticOptions): TraceRequest[] {
    const random = new Random(o.seed);
    const peak = o.meanRate * 5;
    const tokens = tokenShape(o);
    const out: TraceRequest[] = [];
    for (let t = random.exponential(1 / peak); t < o.duration; t += random.exponential(1 / peak)) {
        if (random.next() * peak < rateAt(o.pattern, t, o.duration, o.meanRate)) {
            out.push({
                arrival: t,
                promptTokens: Math.max(
                    1,
                    Math.round(random.logNormal(tokens.prompt, tokens.sigma)),
                ),
                outputTokens: Math.max(
                    1,
                    Math.round(random.logNormal(tokens.output, tokens.sigma)),
                ),
            });
        }
    }
    return out;
}
