/**
 * Command-line arguments of the load generator: parsing and validation only. Every rejected value
 * throws a UsageError naming the flag, the value given and what is allowed.
 */
import * as fs from "fs";
import { parseArgs } from "util";

export const USAGE = `usage: npm run load -- --url URL [options]

Sends OpenAI-compatible completions (POST URL/v1/completions) keeping exactly N requests in flight.

  --url URL            server base URL, e.g. http://127.0.0.1:8080 (required)
  --concurrency N      requests in flight at once, 1..1000 (default 4)
  --duration D         how long to send, e.g. 30s, 5m, 1h (default 1m); a hard cap
  --max-requests N     stop after N requests have been sent (default: no limit)
  --timeout D          per-request timeout, e.g. 30s (default 60s)
  --model NAME         model to ask for (default google/gemma-3-1b-it)
  --prompt TEXT        prompt to send (default: a short question)
  --max-tokens N       max_tokens of each completion, 1..1000000 (default 128)
  --hpa NAME           HorizontalPodAutoscaler to watch while the load runs (needs --namespace)
  --namespace NS       namespace of the HPA
  --kubeconfig PATH    kubeconfig kubectl reads the HPA with (default: kubectl's own)
  --help               show this text

Ctrl-C (or SIGTERM) stops sending, aborts the requests in flight and prints the summary.`;

export const DEFAULTS = {
    concurrency: 4,
    durationMs: 60_000,
    timeoutMs: 60_000,
    model: "google/gemma-3-1b-it",
    prompt: "Explain in two sentences why the sky is blue.",
    maxTokens: 128,
} as const;

export const LIMITS = {
    concurrency: { min: 1, max: 1000 },
    maxRequests: { min: 1, max: 100_000_000 },
    maxTokens: { min: 1, max: 1_000_000 },
    /** Longest accepted --duration and --timeout: 24 hours. */
    maxDurationMs: 24 * 3_600_000,
} as const;

export interface HpaTarget {
    name: string;
    namespace: string;
    /** KUBECONFIG for kubectl; undefined: kubectl's own default. */
    kubeconfig?: string;
}

export interface LoadOptions {
    /** Base URL without a trailing slash; requests go to `${url}/v1/completions`. */
    url: string;
    concurrency: number;
    durationMs: number;
    maxRequests?: number;
    timeoutMs: number;
    model: string;
    prompt: string;
    maxTokens: number;
    hpa?: HpaTarget;
}

export type ParsedArgs = { help: true } | { help: false; options: LoadOptions };

/** A bad command line: the message is printed as is, followed by a hint to --help. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s" → 30000. Throws a UsageError naming `flag` for anything else. */
export function parseDuration(flag: string, value: string): number {
    const match = DURATION.exec(value);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
    if (!match || ms < 1 || ms > LIMITS.maxDurationMs) {
        throw new UsageError(
            `${flag} "${value}": must be a duration like 30s, 5m or 1h (at most 24h)`,
        );
    }
    return ms;
}

/** A whole number in min..max, written in plain decimal digits. */
export function parseWholeNumber(flag: string, value: string, min: number, max: number): number {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw new UsageError(`${flag} "${value}": must be a whole number ${min}..${max}`);
    }
    return n;
}

function parseUrl(value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
        throw new UsageError(
            `--url "${value}": must be an http:// or https:// base URL such as http://127.0.0.1:8080`,
        );
    }
    return value.replace(/\/+$/, "");
}

/** Rewrites node:util parseArgs errors (unknown flag, missing value, stray word) into ours. */
function translateParseError(err: unknown): never {
    const e = err as { code?: string; message?: string };
    const message = e.message ?? "";
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
    // "--url <value>" or "-h, --help": the long flag alone.
    const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
    switch (e.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            throw new UsageError(`unknown flag ${quoted}`);
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            if (message.includes("does not take an argument")) {
                throw new UsageError(`${flag} takes no value`);
            }
            if (message.includes("ambiguous")) {
                throw new UsageError(
                    `${flag} needs a value (write ${flag}=-VALUE for a value starting with "-")`,
                );
            }
            throw new UsageError(`${flag} needs a value`);
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            throw new UsageError(
                `unexpected argument "${quoted}": every setting is a --flag VALUE pair`,
            );
        default:
            throw err;
    }
}

/** Parses and validates the load generator's command line (without node and script). */
export function parseLoadArgs(argv: string[]): ParsedArgs {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                url: { type: "string" },
                concurrency: { type: "string" },
                duration: { type: "string" },
                "max-requests": { type: "string" },
                timeout: { type: "string" },
                model: { type: "string" },
                prompt: { type: "string" },
                "max-tokens": { type: "string" },
                hpa: { type: "string" },
                namespace: { type: "string" },
                kubeconfig: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        translateParseError(err);
    }
    if (values.help) {
        return { help: true };
    }
    const str = (key: string): string | undefined => values[key] as string | undefined;

    const rawUrl = str("url");
    if (rawUrl === undefined) {
        throw new UsageError("--url is required, e.g. --url http://127.0.0.1:8080");
    }
    const url = parseUrl(rawUrl);
    const { concurrency: c, maxRequests: mr, maxTokens: mt } = LIMITS;
    /** The option parsed by `parse` when given, undefined when not. */
    const parsed = <T>(key: string, parse: (text: string) => T): T | undefined => {
        const text = str(key);
        return text === undefined ? undefined : parse(text);
    };
    const concurrency =
        parsed("concurrency", (t) => parseWholeNumber("--concurrency", t, c.min, c.max)) ??
        DEFAULTS.concurrency;
    const durationMs =
        parsed("duration", (t) => parseDuration("--duration", t)) ?? DEFAULTS.durationMs;
    const maxRequests = parsed("max-requests", (t) =>
        parseWholeNumber("--max-requests", t, mr.min, mr.max),
    );
    const timeoutMs = parsed("timeout", (t) => parseDuration("--timeout", t)) ?? DEFAULTS.timeoutMs;
    const maxTokens =
        parsed("max-tokens", (t) => parseWholeNumber("--max-tokens", t, mt.min, mt.max)) ??
        DEFAULTS.maxTokens;

    const model = str("model") ?? DEFAULTS.model;
    if (model.trim() === "") {
        throw new UsageError(`--model "${model}": must name a model, e.g. google/gemma-3-1b-it`);
    }
    const prompt = str("prompt") ?? DEFAULTS.prompt;
    if (prompt === "") {
        throw new UsageError('--prompt "": must not be empty');
    }

    const hpaName = str("hpa");
    const namespace = str("namespace");
    const kubeconfig = str("kubeconfig");
    let hpa: HpaTarget | undefined;
    if (hpaName !== undefined) {
        if (namespace === undefined) {
            throw new UsageError(
                `--hpa "${hpaName}" needs --namespace NS, the namespace of the HPA`,
            );
        }
        if (kubeconfig !== undefined && !fs.existsSync(kubeconfig)) {
            throw new UsageError(`--kubeconfig "${kubeconfig}": no such file`);
        }
        hpa = { name: hpaName, namespace, kubeconfig };
    } else if (namespace !== undefined || kubeconfig !== undefined) {
        const flag = namespace !== undefined ? "--namespace" : "--kubeconfig";
        throw new UsageError(`${flag} is only used to watch an HPA: add --hpa NAME`);
    }

    return {
        help: false,
        options: {
            url,
            concurrency,
            durationMs,
            maxRequests,
            timeoutMs,
            model,
            prompt,
            maxTokens,
            hpa,
        },
    };
}
