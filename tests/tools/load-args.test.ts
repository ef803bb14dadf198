import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULTS, parseLoadArgs, UsageError } from "../../tools/load/args";

function options(argv: string[]) {
    const parsed = parseLoadArgs(argv);
    if (parsed.help) {
        throw new Error("expected options, got --help");
    }
    return parsed.options;
}

function usageError(argv: string[]): string {
    try {
        parseLoadArgs(argv);
    } catch (err) {
        expect(err).to.be.instanceOf(UsageError);
        return (err as Error).message;
    }
    throw new Error(`no error for ${JSON.stringify(argv)}`);
}

describe("load generator: arguments", () => {
    const url = ["--url", "http://127.0.0.1:8080"];

    it("applies the documented defaults", () => {
        expect(options(url)).to.deep.equal({
            url: "http://127.0.0.1:8080",
            concurrency: DEFAULTS.concurrency,
            durationMs: 60_000,
            maxRequests: undefined,
            timeoutMs: 60_000,
            model: "google/gemma-3-1b-it",
            prompt: DEFAULTS.prompt,
            maxTokens: 128,
            hpa: undefined,
        });
    });

    it("reads every flag", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-args-"));
        const kubeconfig = path.join(dir, "config");
        fs.writeFileSync(kubeconfig, "apiVersion: v1\n");
        try {
            const o = options([
                "--url",
                "https://vllm.example.test/",
                "--concurrency",
                "1000",
                "--duration",
                "5m",
                "--max-requests",
                "250",
                "--timeout",
                "1500ms",
                "--model",
                "m",
                "--prompt",
                'say "hi"\n',
                "--max-tokens",
                "16",
                "--hpa",
                "inference-vllm",
                "--namespace",
                "vllm-example",
                "--kubeconfig",
                kubeconfig,
            ]);
            expect(o).to.deep.equal({
                url: "https://vllm.example.test",
                concurrency: 1000,
                durationMs: 300_000,
                maxRequests: 250,
                timeoutMs: 1500,
                model: "m",
                prompt: 'say "hi"\n',
                maxTokens: 16,
                hpa: { name: "inference-vllm", namespace: "vllm-example", kubeconfig },
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("accepts durations in ms, s, m and h", () => {
        expect(options([...url, "--duration", "250ms"]).durationMs).to.equal(250);
        expect(options([...url, "--duration", "30s"]).durationMs).to.equal(30_000);
        expect(options([...url, "--duration", "1h"]).durationMs).to.equal(3_600_000);
    });

    it("returns help for --help and -h", () => {
        expect(parseLoadArgs(["--help"])).to.deep.equal({ help: true });
        expect(parseLoadArgs(["-h"])).to.deep.equal({ help: true });
    });

    const cases: [string[], string][] = [
        [[], "--url is required, e.g. --url http://127.0.0.1:8080"],
        [
            ["--url", "localhost:8080"],
            '--url "localhost:8080": must be an http:// or https:// base URL such as http://127.0.0.1:8080',
        ],
        [
            ["--url", "ftp://h"],
            '--url "ftp://h": must be an http:// or https:// base URL such as http://127.0.0.1:8080',
        ],
        [[...url, "--concurrency", "0"], '--concurrency "0": must be a whole number 1..1000'],
        [[...url, "--concurrency", "1001"], '--concurrency "1001": must be a whole number 1..1000'],
        [[...url, "--concurrency", "2.5"], '--concurrency "2.5": must be a whole number 1..1000'],
        [[...url, "--concurrency", "ten"], '--concurrency "ten": must be a whole number 1..1000'],
        [
            [...url, "--duration", "5"],
            '--duration "5": must be a duration like 30s, 5m or 1h (at most 24h)',
        ],
        [
            [...url, "--duration", "5min"],
            '--duration "5min": must be a duration like 30s, 5m or 1h (at most 24h)',
        ],
        [
            [...url, "--duration", "0s"],
            '--duration "0s": must be a duration like 30s, 5m or 1h (at most 24h)',
        ],
        [
            [...url, "--duration", "25h"],
            '--duration "25h": must be a duration like 30s, 5m or 1h (at most 24h)',
        ],
        [
            [...url, "--timeout=-1s"],
            '--timeout "-1s": must be a duration like 30s, 5m or 1h (at most 24h)',
        ],
        [
            [...url, "--max-requests", "0"],
            '--max-requests "0": must be a whole number 1..100000000',
        ],
        [[...url, "--max-tokens", "1e3"], '--max-tokens "1e3": must be a whole number 1..1000000'],
        [[...url, "--model", " "], '--model " ": must name a model, e.g. google/gemma-3-1b-it'],
        [[...url, "--prompt", ""], '--prompt "": must not be empty'],
        [[...url, "--hpa", "h"], '--hpa "h" needs --namespace NS, the namespace of the HPA'],
        [[...url, "--namespace", "ns"], "--namespace is only used to watch an HPA: add --hpa NAME"],
        [
            [...url, "--kubeconfig", "/nonexistent"],
            "--kubeconfig is only used to watch an HPA: add --hpa NAME",
        ],
        [
            [...url, "--hpa", "h", "--namespace", "ns", "--kubeconfig", "/nonexistent/kubeconfig"],
            '--kubeconfig "/nonexistent/kubeconfig": no such file',
        ],
        [[...url, "--concurency", "4"], "unknown flag --concurency"],
        [[...url, "--concurrency"], "--concurrency needs a value"],
        [
            ["--url", "--concurrency", "4"],
            '--url needs a value (write --url=-VALUE for a value starting with "-")',
        ],
        [[...url, "--help=yes"], "--help takes no value"],
        [[...url, "4"], 'unexpected argument "4": every setting is a --flag VALUE pair'],
    ];
    for (const [argv, message] of cases) {
        const shown =
            argv[0] === url[0] && argv[1] === url[1] ? ["--url URL", ...argv.slice(2)] : argv;
        it(`rejects ${shown.join(" ") || "no arguments"}`, () => {
            expect(usageError(argv)).to.equal(message);
        });
    }
});
