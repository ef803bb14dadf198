/**
 * The serial part of `pulumi up` stays minimal: in every stack's plan, the longest chain of waits
 * is within its budget (bench/depth-budgets.ts says why each is that long), so a needless
 * `dependsOn` that serializes creation fails here. Each stack's program runs offline in its own
 * process, as `npm run render` does, with the bench's probe recording dependencies with their
 * types (plan.json names them only, and names repeat across types); the test first checks that
 * what it recorded is exactly what plan.json says.
 */
import { expect } from "chai";
import { deployGraph, differencesFromPlan, longestChain } from "../../bench/dependency-graph";
import { DEPTH_BUDGETS } from "../../bench/depth-budgets";
import { ProgramRun, runProgram } from "../../bench/program-run";
import { shippedStacks } from "../../harness/plan";

describe("dependency depth of each stack's plan (bench/depth-budgets.ts)", function () {
    this.timeout(180_000);
    const runs = new Map<string, ProgramRun>();

    before(async () => {
        // Two at a time: each run is a fresh node process.
        const queue = [...shippedStacks()];
        await Promise.all(
            [0, 1].map(async () => {
                for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
                    runs.set(stack, await runProgram(stack));
                }
            }),
        );
    });

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            it("the recorded dependencies are plan.json's", () => {
                const run = runs.get(stack)!;
                expect(differencesFromPlan(run.resources, run.plan)).to.deep.equal([]);
            });

            it("has a budget, and its longest chain of waits is within it", () => {
                const budget = DEPTH_BUDGETS[stack];
                expect(
                    budget,
                    `no depth budget for stack ${stack}: add one to bench/depth-budgets.ts`,
                ).to.not.equal(undefined);
                const { length, chain } = longestChain(deployGraph(runs.get(stack)!.resources));
                expect(
                    length,
                    `longest chain: ${chain.join(" -> ")}; budget: ${budget.why}`,
                ).to.be.at.most(budget.budget);
            });
        });
    }

    it("budgets name only existing stacks", () => {
        expect(
            Object.keys(DEPTH_BUDGETS).filter((s) => !shippedStacks().includes(s)),
        ).to.deep.equal([]);
    });
});
