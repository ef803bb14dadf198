/**
 * docs/reference.md is what `npm run docs-reference` makes of schema.json today: the reference
 * users read cannot drift from the arguments' JSDoc (plugin-schema.test.ts keeps schema.json in
 * step with components/args.ts).
 */
import { expect } from "chai";
import * as fs from "fs";
import { readSchema, REFERENCE_PATH, renderReference } from "../../scripts/docs-reference";

describe("the argument reference (docs/reference.md)", () => {
    it("is generated from schema.json as it stands: run npm run docs-reference when it is stale", () => {
        expect(fs.readFileSync(REFERENCE_PATH, "utf8")).to.equal(renderReference(readSchema()));
    });

    it("lists every argument of each component, nested fields by their dotted path", () => {
        const text = renderReference(readSchema());
        for (const arg of [
            "| `nodePool.diskSizeGb` |",
            "| `server.deploy.modelCache` |",
            "| `keda.fallback.behavior` |",
            "| `autoscaling.metrics[].target` |",
            "| `stackdriverAdapter.serviceAccount` |",
        ]) {
            expect(text, arg).to.include(arg);
        }
        // The documented conditional default, as the defaults test checks it against the code.
        expect(text).to.match(/\| `adapter\.install` \|[^\n]*false with\s+another backend/);
    });
});
