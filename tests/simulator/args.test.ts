/**
 * The simulator's command lines: the `npm run simulate` command `tune` prints to check its winner
 * carries the traffic, the stack flags and the SLO it was tuned with.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseSimArgs, simulateCommand } from "../../simulator/args";

const SET =
    'inference-autoscaling:autoscaling={"minReplicas":2,"metrics":[{"name":"vllm_kv_cache_usage_perc","target":0.5}]}';

describe("simulator: the command tune prints to check its winner", () => {
    it("carries a trace file, the stack's --set and --param flags and the SLO, quoted for a shell", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-args-"));
        try {
            const file = path.join(dir, "my trace.csv");
            fs.writeFileSync(file, "arrival_seconds,prompt_tokens,output_tokens\n0,100,10\n");
            const args = parseSimArgs([
                "--stack",
                "kubernetes",
                "--trace",
                file,
                "--accelerator",
                "nvidia-l4",
                "--set",
                "inference-autoscaling:autoscaling.maxReplicas=6",
                "--param",
                "kvCacheTokens=200000",
                "--slo",
                "ttft-p99=1.5s",
            ]);
            expect(simulateCommand(args, SET, 1)).to.equal(
                `npm run simulate -- --stack kubernetes --trace '${file}' --accelerator nvidia-l4 ` +
                    "--set inference-autoscaling:autoscaling.maxReplicas=6 --param kvCacheTokens=200000 " +
                    `--slo ttft-p99=1.5s --seed 1 --set '${SET}'`,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("carries a synthetic pattern with its hours and rate, and nothing for the bundled hour", () => {
        const pattern = parseSimArgs([
            "--stack",
            "eks",
            "--pattern",
            "bursty",
            "--hours",
            "0.25",
            "--rate",
            "8",
            "--seed",
            "2",
        ]);
        expect(simulateCommand(pattern, SET, 2)).to.contain(
            "--stack eks --pattern bursty --hours 0.25 --rate 8 --slo ttft-p95=2s --seed 2 --set",
        );
        expect(simulateCommand(parseSimArgs(["--stack", "eks"]), SET, 1)).to.match(
            /^npm run simulate -- --stack eks --slo ttft-p95=2s --seed 1 --set '/,
        );
    });
});
