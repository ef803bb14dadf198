import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../harness/plan";
import { changelogSections, checkRelease, ReleaseInput } from "../../scripts/release-check";

const CHANGELOG = [
    "# Changelog",
    "",
    "Intro text.",
    "",
    "## [Unreleased]",
    "",
    "## [0.2.0] - 2026-12-02",
    "",
    "### Added",
    "",
    "- Lint.",
    "",
    "## [0.1.0] - 2026-11-01",
    "",
    "- First.",
    "",
].join("\n");

function input(overrides: Partial<ReleaseInput> = {}): ReleaseInput {
    return {
        version: "0.2.0",
        changelog: CHANGELOG,
        ref: { type: "tag", name: "v0.2.0" },
        tags: ["v0.1.0", "v0.2.0"],
        ...overrides,
    };
}

function problemsOf(i: ReleaseInput): string[] {
    try {
        checkRelease(i);
    } catch (err) {
        return (err as Error).message.split("\n- ").slice(1);
    }
    return [];
}

describe("release gate (scripts/release-check.ts)", () => {
    it("releases the tag pushed for package.json's version, with its section as notes", () => {
        expect(checkRelease(input())).to.deep.equal({
            tag: "v0.2.0",
            notes: "### Added\n\n- Lint.",
        });
    });

    it("releases from a branch when the version has no tag yet", () => {
        const release = checkRelease(
            input({ ref: { type: "branch", name: "main" }, tags: ["v0.1.0"] }),
        );
        expect(release.tag).to.equal("v0.2.0");
    });

    it("refuses a tag that is not package.json's version", () => {
        expect(problemsOf(input({ ref: { type: "tag", name: "v0.2.1" } }))).to.deep.equal([
            "the run was started by tag v0.2.1, but package.json's version is v0.2.0",
        ]);
    });

    it("refuses a run by hand for a version already tagged", () => {
        expect(problemsOf(input({ ref: { type: "branch", name: "main" } }))).to.deep.equal([
            "tag v0.2.0 already exists: a release is never made twice; bump the version",
        ]);
    });

    it("refuses a version without a dated, non-empty section, and one older than a listed release", () => {
        expect(
            problemsOf(input({ version: "0.3.0", ref: { type: "tag", name: "v0.3.0" } })),
        ).to.deep.equal([
            'CHANGELOG.md has no section "## [0.3.0] - YYYY-MM-DD": move the Unreleased entries under it',
        ]);
        const undated = CHANGELOG.replace("## [0.2.0] - 2026-12-02", "## [0.2.0]");
        expect(problemsOf(input({ changelog: undated }))).to.deep.equal([
            "CHANGELOG.md's section [0.2.0] has no date (YYYY-MM-DD) after its heading",
        ]);
        const empty = CHANGELOG.replace("### Added\n\n- Lint.\n", "");
        expect(problemsOf(input({ changelog: empty }))).to.deep.equal([
            "CHANGELOG.md's section [0.2.0] is empty",
        ]);
        expect(
            problemsOf(input({ version: "0.1.0", ref: { type: "tag", name: "v0.1.0" } })),
        ).to.deep.equal(["CHANGELOG.md already lists 0.2.0, not older than 0.1.0"]);
    });

    it("refuses a version that is not semver, listing every problem at once", () => {
        expect(
            problemsOf(input({ version: "1.0", ref: { type: "tag", name: "v2" } })),
        ).to.deep.equal([
            `package.json's version "1.0" is not a semantic version (X.Y.Z)`,
            'CHANGELOG.md has no section "## [1.0] - YYYY-MM-DD": move the Unreleased entries under it',
            "the run was started by tag v2, but package.json's version is v1.0",
        ]);
    });

    it("as a command, reads package.json, CHANGELOG.md and git's tags, and exits 1 naming the problems", function () {
        this.timeout(60_000);
        const notes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "release-")), "notes.md");
        const version = JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
        ).version;
        const run = spawnSync("npm", ["run", "--silent", "release-check", "--", "--notes", notes], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v0.0.0-not-this" },
            timeout: 60_000,
        });
        expect(run.status, run.stdout + run.stderr).to.equal(1);
        expect(run.stderr).to.include(`cannot release v${version}:`);
        expect(run.stderr).to.include(
            `- the run was started by tag v0.0.0-not-this, but package.json's version is v${version}`,
        );
        expect(fs.existsSync(notes)).to.equal(false);
        fs.rmSync(path.dirname(notes), { recursive: true, force: true });
    });

    it("run by hand as the README writes it, checks a release from the current branch and names the problems", function () {
        this.timeout(60_000);
        const env = { ...process.env };
        delete env.GITHUB_REF_TYPE;
        delete env.GITHUB_REF_NAME;
        const run = spawnSync("npm", ["run", "--silent", "release-check"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env,
            timeout: 60_000,
        });
        const version = JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
        ).version;
        expect(run.stderr).to.not.include("usage:");
        // Nothing is released: the CHANGELOG has no section for the version yet.
        expect(run.status, run.stdout + run.stderr).to.equal(1);
        expect(run.stderr).to.include(`cannot release v${version}:\n- `);
    });

    it("reads the repository's own CHANGELOG.md: an Unreleased section, then dated releases", () => {
        const sections = changelogSections(
            fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8"),
        );
        expect(sections[0].title).to.equal("Unreleased");
        expect(sections[0].body).to.not.equal("");
        for (const s of sections.slice(1)) {
            expect(s.date, s.title).to.match(/^\d{4}-\d{2}-\d{2}$/);
        }
    });
});
