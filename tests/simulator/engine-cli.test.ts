/**
 * One operating point on the command line (`npm run simulate -- engine ...`) and the function
 * behind it, enginePoint: the engine fed directly with arrivals, one replica, no HPA.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import { REPO_ROOT } from "../../harness/plan";
import { parseEngineArgs } from "../../simulator/args";
import { enginePoint } from "../../simulator/engine-point";
import { GPUS, MODELS, replicaParams } from "../../simulator/hardware";

const LLAMA3_8B = "meta-llama/Meta-Llama-3-8B-Instruct";

describe("simulate engine: one replica's operating point", function () {
    this.timeout(120_000);

    it("prints one JSON object with the means, throughput and KV cache size", () => {
        const r = spawnSync(
            "npm",
            [
                "run",
                "-s",
                "simulate",
                "--",
                "engine",
                "--model",
                LLAMA3_8B,
                "--gpu",
                "nvidia-h100-80gb",
                "--gpus",
                "1",
                "--input",
                "462",
                "--output",
                "64",
                "--rate",
                "4",
                "--requests",
                "50",
                "--json",
            ],
            { cwd: REPO_ROOT, encoding: "utf8", timeout: 100_000 },
        );
        expect(r.status, r.stderr).to.equal(0);
        const p = JSON.parse(r.stdout);
        for (const key of [
            "ttftSeconds",
            "tpotSeconds",
            "latencySeconds",
            "throughputRequestsPerSecond",
            "kvCacheTokens",
        ]) {
            expect(p[key], key).to.be.a("number").and.greaterThan(0);
        }
        expect(p.completed).to.equal(50);
        expect(p.latencySeconds).to.be.closeTo(p.ttftSeconds + 63 * p.tpotSeconds, 1e-9);
    });

    it("runs --batch n as n requests at once, and a batch of one at the bare model's speed", () => {
        const one = enginePoint({
            gpu: "nvidia-h100-80gb",
            model: LLAMA3_8B,
            gpus: 1,
            inputTokens: 100,
            outputTokens: 50,
            batch: 1,
        });
        const params = replicaParams("nvidia-h100-80gb", LLAMA3_8B, 1);
        const weightsStep = params.stepOverheadSeconds + params.weightBytes / params.bandwidth;
        expect(one.tpotSeconds).to.be.closeTo(weightsStep, 0.05 * weightsStep);
        const many = enginePoint({
            gpu: "nvidia-h100-80gb",
            model: LLAMA3_8B,
            gpus: 1,
            inputTokens: 100,
            outputTokens: 50,
            batch: 64,
        });
        expect(many.requests).to.equal(64);
        expect(many.throughputRequestsPerSecond).to.be.greaterThan(
            10 * one.throughputRequestsPerSecond,
        );
    });

    it("sends everything at once with rate Infinity, and spreads Poisson arrivals otherwise", () => {
        const base = {
            gpu: "nvidia-h100-80gb",
            model: LLAMA3_8B,
            gpus: 1,
            inputTokens: 462,
            outputTokens: 64,
            requests: 200,
        } as const;
        const burst = enginePoint({ ...base, rate: Infinity });
        const light = enginePoint({ ...base, rate: 1 });
        expect(burst.ttftSeconds).to.be.greaterThan(light.ttftSeconds);
        expect(light.throughputRequestsPerSecond).to.be.closeTo(1, 0.2);
        expect(enginePoint({ ...base, rate: 1 })).to.deep.equal(light);
    });

    it("takes a model the catalog lacks by its config numbers, with the catalog's result for the same numbers", () => {
        const args = parseEngineArgs([
            "--model",
            "my/llama",
            "--params",
            "8.03e9",
            "--layers",
            "32",
            "--kv-heads",
            "8",
            "--head-dim",
            "128",
            "--gpu",
            "nvidia-h200-141gb",
            "--input",
            "462",
            "--output",
            "64",
            "--batch",
            "8",
        ]);
        const described = enginePoint(args.options);
        const catalog = enginePoint({ ...args.options, model: "meta-llama/Llama-3.1-8B-Instruct" });
        expect(described.tpotSeconds).to.equal(catalog.tpotSeconds);
        expect(described.kvCacheTokens).to.equal(catalog.kvCacheTokens);
        expect(MODELS[LLAMA3_8B].layers).to.equal(32);
    });

    it("knows the H200 and B200 from their datasheets, beyond the package's accelerators", () => {
        expect(GPUS["nvidia-h200-141gb"].bandwidth).to.equal(4.8e12);
        expect(GPUS["nvidia-b200"].bandwidth).to.equal(8e12);
        const h100 = enginePoint({
            gpu: "nvidia-h100-80gb",
            model: LLAMA3_8B,
            gpus: 1,
            inputTokens: 100,
            outputTokens: 50,
            batch: 1,
        });
        const b200 = enginePoint({
            gpu: "nvidia-b200",
            model: LLAMA3_8B,
            gpus: 1,
            inputTokens: 100,
            outputTokens: 50,
            batch: 1,
        });
        expect(b200.tpotSeconds).to.be.lessThan(h100.tpotSeconds);
        expect(b200.kvCacheTokens).to.be.greaterThan(h100.kvCacheTokens);
    });

    it("charges tensor parallelism its all-reduces: two GPUs are less than twice as fast", () => {
        const at = (gpus: number) =>
            enginePoint({
                gpu: "nvidia-h100-80gb",
                model: "meta-llama/Llama-2-70b-hf",
                gpus,
                inputTokens: 1024,
                outputTokens: 32,
                batch: 1,
            });
        const two = at(2);
        const four = at(4);
        expect(four.tpotSeconds).to.be.lessThan(two.tpotSeconds);
        expect(four.tpotSeconds).to.be.greaterThan(two.tpotSeconds / 2);
    });

    it("refuses bad input naming the flag, the value and what is allowed", () => {
        const base = [
            "--model",
            LLAMA3_8B,
            "--gpu",
            "nvidia-h100-80gb",
            "--input",
            "10",
            "--output",
            "10",
        ];
        expect(() => parseEngineArgs([...base, "--batch", "0"])).to.throw(
            "--batch 0: expected a whole number above 0",
        );
        expect(() => parseEngineArgs([...base, "--rate", "fast"])).to.throw(
            "--rate fast: expected a number above 0",
        );
        expect(() => parseEngineArgs(base)).to.throw(
            "give --batch N (requests at once) or --rate R|inf",
        );
        expect(() => parseEngineArgs([...base, "--batch", "1", "--rate", "2"])).to.throw(
            "exactly one of them",
        );
        expect(() =>
            parseEngineArgs([...base.slice(0, 2), "--gpu", "nvidia-x", "--batch", "1"]),
        ).to.throw("--gpu nvidia-x: expected one of nvidia-t4,");
        expect(() =>
            parseEngineArgs([
                "--model",
                "my/model",
                ...base.slice(2),
                "--batch",
                "1",
                "--layers",
                "32",
            ]),
        ).to.throw("--model my/model: not in the catalog");
        expect(() =>
            enginePoint({
                gpu: "nvidia-h100-80gb",
                model: LLAMA3_8B,
                gpus: 1,
                inputTokens: 8000,
                outputTokens: 500,
                batch: 1,
            }),
        ).to.throw(
            "--input 8000 + --output 500 tokens exceed the longest request the replica accepts, 8192 tokens",
        );
    });
});
