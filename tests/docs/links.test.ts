/**
 * The README is an index and the rest lives in docs/: every relative link of README.md and of each
 * docs/*.md page reaches a file of the repository and, with `#anchor`, a heading of that file, and
 * the README stays short.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../harness/plan";
import { headingAnchors, markdownLinks } from "../support/markdown";

const PAGES = [
    "README.md",
    ...fs
        .readdirSync(path.join(REPO_ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => `docs/${f}`),
];

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

describe("README and docs/ links", () => {
    for (const page of PAGES) {
        it(`${page}: every relative link reaches a file and, with #anchor, one of its headings`, () => {
            const broken: string[] = [];
            for (const { line, target } of markdownLinks(read(page))) {
                if (/^(https?|mailto):/i.test(target)) continue;
                const [file, anchor] = target.split("#", 2);
                const resolved = file === "" ? page : path.join(path.dirname(page), file);
                const full = path.join(REPO_ROOT, decodeURIComponent(resolved));
                if (!full.startsWith(REPO_ROOT + path.sep) || !fs.existsSync(full)) {
                    broken.push(`${page}:${line}: ${target}: no file ${resolved}`);
                    continue;
                }
                if (anchor !== undefined && !headingAnchors(read(resolved)).has(anchor)) {
                    broken.push(`${page}:${line}: ${target}: no heading #${anchor} in ${resolved}`);
                }
            }
            expect(broken).to.deep.equal([]);
        });
    }

    it("finds the links it checks (the README's own and its docs/ index)", () => {
        const targets = markdownLinks(read("README.md")).map((l) => l.target);
        expect(targets).to.include.members(["docs/operations.md", "LICENSE"]);
    });

    it("README.md has at most 250 lines", () => {
        const lines = read("README.md").replace(/\n$/, "").split("\n").length;
        expect(lines).to.be.at.most(250);
    });
});
