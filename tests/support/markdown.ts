/**
 * Reading the README and the docs/ pages: a section by its heading, the headings' GitHub anchors
 * and the links, outside code.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../harness/plan";

/** The section under `## title` of `file` (relative to the repository), up to the next `## `. */
export function markdownSection(file: string, title: string): string {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const start = text.indexOf(`\n## ${title}\n`);
    expect(start, `${file} has a "## ${title}" section`).to.be.greaterThan(-1);
    const end = text.indexOf("\n## ", start + 1);
    return text.slice(start, end === -1 ? undefined : end);
}

/** `text` with fenced code blocks blanked (their lines kept empty, so line numbers hold). */
function withoutFences(text: string): string[] {
    let fence: string | undefined;
    return text.split("\n").map((line) => {
        const open = /^\s*(```+|~~~+)/.exec(line)?.[1];
        if (fence === undefined && open !== undefined) {
            fence = open;
            return "";
        }
        if (fence !== undefined) {
            if (line.trim().startsWith(fence)) fence = undefined;
            return "";
        }
        return line;
    });
}

/** GitHub's anchor for a heading: lower case, only letters, digits, spaces, `-` and `_`, spaces as `-`. */
export function githubSlug(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}

/** The anchors of a Markdown text's headings (outside code), a repeated one as `-1`, `-2`, ... */
export function headingAnchors(text: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const line of withoutFences(text)) {
        const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!m) continue;
        const slug = githubSlug(m[1]);
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return anchors;
}

/** Every `[text](target)` (and `![alt](target)`) outside code, with its line number. */
export function markdownLinks(text: string): { line: number; target: string }[] {
    const links: { line: number; target: string }[] = [];
    withoutFences(text).forEach((raw, i) => {
        const line = raw.replace(/`[^`]*`/g, "``");
        for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
            links.push({ line: i + 1, target: m[1] });
        }
    });
    return links;
}
