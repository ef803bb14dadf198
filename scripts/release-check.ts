/**
 * The release gate (`npm run release-check`, the first step of .github/workflows/release.yml after
 * `npm ci`). The version released is package.json's. It must be a semantic version, newer than
 * every release CHANGELOG.md lists, and have a dated section there, whose text becomes the GitHub
 * release's notes. A run started by a tag must be that version's tag (`v1.2.3`); a run started by
 * hand must find no tag of that version yet (the workflow then makes it). Every problem is listed.
 *
 *   npm run release-check -- --notes release-notes.md
 *
 * reads the ref from GitHub's GITHUB_REF_TYPE / GITHUB_REF_NAME and the existing tags from git,
 * and prints the tag to release.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { REPO_ROOT } from "../harness/repo-root";

export interface ReleaseInput {
    /** package.json's `version`. */
    readonly version: string;
    readonly changelog: string;
    /** What started the run: a pushed tag, or a branch (a run started by hand). */
    readonly ref: { readonly type: "tag" | "branch"; readonly name: string };
    /** Tags the repository already has. */
    readonly tags: readonly string[];
}

export interface Release {
    readonly tag: string;
    /** The version's CHANGELOG section, without its heading. */
    readonly notes: string;
}

/** A released section's heading, Keep a Changelog style: `## [1.2.3] - 2026-12-02`. */
const RELEASE_HEADING = /^## \[([^\]]+)\](?: - (\S+))?\s*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Section {
    readonly title: string;
    readonly date?: string;
    readonly body: string;
}

/** The `## [...]` sections of a changelog, in order. */
export function changelogSections(changelog: string): Section[] {
    const sections: { title: string; date?: string; lines: string[] }[] = [];
    for (const line of changelog.split("\n")) {
        const heading = RELEASE_HEADING.exec(line);
        if (heading) {
            sections.push({ title: heading[1], date: heading[2], lines: [] });
        } else if (line.startsWith("## ")) {
            sections.push({ title: line.slice(3).trim(), lines: [] });
        } else {
            sections.at(-1)?.lines.push(line);
        }
    }
    return sections.map((s) => ({ title: s.title, date: s.date, body: s.lines.join("\n").trim() }));
}

/** The release `input` describes; throws with every problem found. */
export function checkRelease(input: ReleaseInput): Release {
    const { version, ref } = input;
    const tag = `v${version}`;
    const problems: string[] = [];
    if (semver.valid(version) !== version) {
        problems.push(`package.json's version "${version}" is not a semantic version (X.Y.Z)`);
    }
    const sections = changelogSections(input.changelog);
    const own = sections.find((s) => s.title === version);
    if (!own) {
        problems.push(
            `CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD": move the Unreleased entries under it`,
        );
    } else {
        if (own.date === undefined || !ISO_DATE.test(own.date)) {
            problems.push(
                `CHANGELOG.md's section [${version}] has no date (YYYY-MM-DD) after its heading`,
            );
        }
        if (own.body === "") {
            problems.push(`CHANGELOG.md's section [${version}] is empty`);
        }
    }
    if (semver.valid(version)) {
        const newer = sections
            .map((s) => s.title)
            .filter((t) => semver.valid(t) && t !== version && semver.gte(t, version));
        if (newer.length > 0) {
            problems.push(
                `CHANGELOG.md already lists ${newer.join(", ")}, not older than ${version}`,
            );
        }
    }
    if (ref.type === "tag" && ref.name !== tag) {
        problems.push(
            `the run was started by tag ${ref.name}, but package.json's version is ${tag}`,
        );
    }
    if (ref.type === "branch" && input.tags.includes(tag)) {
        problems.push(`tag ${tag} already exists: a release is never made twice; bump the version`);
    }
    if (problems.length > 0) {
        throw new Error(`cannot release ${tag}:\n- ${problems.join("\n- ")}`);
    }
    return { tag, notes: own?.body ?? "" };
}

/**
 * In the release workflow GitHub says which ref started it and the notes go to a file; run by hand
 * (no GITHUB_REF_* set) it checks a release of package.json's version from the current branch and
 * prints the notes, so `npm run release-check` answers "could I release now, and what would it say".
 */
function main(argv: string[]): void {
    const notesAt = argv.indexOf("--notes");
    const notesFile = notesAt >= 0 ? argv[notesAt + 1] : undefined;
    const git = (args: string[]) =>
        execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    const refType = process.env.GITHUB_REF_TYPE ?? "branch";
    const refName = process.env.GITHUB_REF_NAME ?? git(["rev-parse", "--abbrev-ref", "HEAD"]);
    if ((notesAt >= 0 && !notesFile) || (refType !== "tag" && refType !== "branch")) {
        throw new Error(
            "usage: npm run release-check [-- --notes <file>] (in CI with GITHUB_REF_TYPE=tag|branch and GITHUB_REF_NAME=<ref>)",
        );
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        version: string;
    };
    const tags = git(["tag", "--list", "v*"]).split("\n").filter(Boolean);
    const release = checkRelease({
        version: pkg.version,
        changelog: fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8"),
        ref: { type: refType, name: refName },
        tags,
    });
    if (notesFile) {
        fs.writeFileSync(notesFile, `${release.notes}\n`);
        console.log(release.tag);
    } else {
        console.log(`${release.tag} can be released; its notes:\n\n${release.notes}`);
    }
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (err) {
        console.error((err as Error).message);
        process.exit(1);
    }
}
