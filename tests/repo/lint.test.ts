import { expect } from "chai";
import { ESLint } from "eslint";
import { REPO_ROOT } from "../../harness/plan";

/**
 * The lint rules `npm test` runs, on code given as if it were a file of the package: the config
 * must keep Pulumi's type-aware rules and typescript-eslint's strict set on for the package's code.
 */
describe("lint (eslint.config.mjs)", function () {
    // The first lint loads the TypeScript project: about 12 s on a 2-core machine.
    this.timeout(120_000);
    const eslint = new ESLint({ cwd: REPO_ROOT });

    async function problems(code: string, filePath: string): Promise<string[]> {
        const [result] = await eslint.lintText(code, { filePath });
        return result.messages.map((m) => `${m.line}: ${m.ruleId ?? m.message}`);
    }

    it("refuses an Output in a plain template literal and accepts pulumi.interpolate", async () => {
        const code = [
            'import * as pulumi from "@pulumi/pulumi";',
            "export const plain = (o: pulumi.Output<string>): string => `name-${o}`;",
            "export const tagged = (o: pulumi.Output<string>) => pulumi.interpolate`name-${o}`;",
            "",
        ].join("\n");
        expect(await problems(code, "components/index.ts")).to.deep.equal([
            "2: @pulumi/no-output-in-template-literal",
        ]);
    });

    it("refuses `any` and non-null assertions in the package's code, allows them in tests", async () => {
        const code = [
            "export const first = (xs: any[]): number => xs.find((x) => x > 0)!;",
            "",
        ].join("\n");
        expect(await problems(code, "components/index.ts")).to.deep.equal([
            "1: @typescript-eslint/no-explicit-any",
            "1: @typescript-eslint/no-non-null-assertion",
        ]);
        expect(await problems(code, "tests/mocks.ts")).to.deep.equal([]);
    });
});
