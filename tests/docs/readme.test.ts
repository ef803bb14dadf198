/**
 * What the README and the docs/ pages tell a new user agrees with the repository: which stacks
 * deploy the vLLM server and which expect it (README's Prerequisites, docs/operations.md's
 * Cleanup), the names it gives, and the Node version.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { shippedStacks, readStackConfig, REPO_ROOT } from "../../harness/plan";
import { markdownSection } from "../support/markdown";

/** The section under `## title` of `file` (relative to the repository), whitespace collapsed. */
function section(file: string, title: string): string {
    return markdownSection(file, title).replace(/\s+/g, " ");
}

/** The backquoted stack names after `lead` in `text`, up to the end of the list. */
function stacksAfter(text: string, lead: string): string[] {
    const at = text.indexOf(lead);
    expect(at, `the section says "${lead}"`).to.be.greaterThan(-1);
    const list =
        /^\s*[:(]?\s*((?:`[a-z]+`(?:, |\)|:|\.| \())+)/.exec(text.slice(at + lead.length))?.[1] ??
        "";
    return [...list.matchAll(/`([a-z]+)`/g)].map((m) => m[1]).sort();
}

const server = (stack: string) =>
    JSON.parse(readStackConfig(stack).config["inference-autoscaling:server"]) as Record<
        string,
        any
    >;
const deploying = shippedStacks()
    .filter((s) => server(s).deploy !== undefined)
    .sort();
const bringing = shippedStacks()
    .filter((s) => server(s).deploy === undefined)
    .sort();

describe("README and docs/ agree with the repository", () => {
    it("Prerequisites name exactly the stacks that deploy the server and those that expect yours", () => {
        const text = section("README.md", "Prerequisites");
        expect(stacksAfter(text, "Stacks that deploy it themselves")).to.deep.equal(deploying);
        expect(stacksAfter(text, "Stacks that scale a Deployment you bring")).to.deep.equal(
            bringing,
        );
    });

    it("docs/operations.md's Cleanup says which stacks' destroy deletes the server and which leave it", () => {
        const text = section("docs/operations.md", "Cleanup");
        expect(stacksAfter(text, "Stacks that deploy the server themselves")).to.deep.equal(
            deploying,
        );
        expect(stacksAfter(text, "Stacks that scale a Deployment you bring")).to.deep.equal(
            bringing,
        );
    });

    it("the server names the README gives are the stacks' own", () => {
        const text = section("README.md", "Prerequisites");
        for (const stack of shippedStacks()) {
            const s = server(stack);
            expect(text, stack).to.include(`\`${s.deploymentName}\``);
            expect(text, stack).to.include(`\`${s.namespace}\``);
            const [label, value] = Object.entries(s.podLabels as Record<string, string>)[0];
            expect(text, stack).to.include(`\`${label}: ${value}\``);
            expect(text, stack).to.include(`port ${s.metricsPort}`);
            if (s.deploy) {
                expect(text, stack).to.include(`\`${s.deploy.model}\``);
            }
        }
    });

    it("states the Node version package.json requires", () => {
        const engines = (
            JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
                engines: { node: string };
            }
        ).engines.node;
        expect(engines).to.match(/^>=\d+\.\d+$/);
        expect(section("README.md", "Prerequisites")).to.include(
            `Node.js ${engines.slice(2)} or later`,
        );
    });

    it("ships the license it declares", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
            license: string;
        };
        expect(pkg.license).to.equal("Apache-2.0");
        expect(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8")).to.match(
            /Apache License\s+Version 2\.0, January 2004/,
        );
    });
});
