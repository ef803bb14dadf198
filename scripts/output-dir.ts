/**
 * The render's output directory, replaced all at once. A render writes into a staging directory
 * beside it and only a finished render takes the place of the previous one: a failure at any stage
 * (a config error, an empty chart cache, a bad Helm value) leaves the previous render, or nothing,
 * exactly as it was. The render deletes only what it wrote there before: it lists its files in a
 * marker file, removes exactly those, and refuses a non-empty directory without that marker
 * (`--out .` or `--out ~` must never cost anyone a file).
 */
import * as fs from "fs";
import * as path from "path";

export const MARKER_FILE = ".render-files.json";

/**
 * The files the render wrote into `dir` last time ([] when `dir` is new or empty).
 * @throws Error when `dir` is a file, or a non-empty directory the render did not write.
 */
function previousRender(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    if (!fs.statSync(dir).isDirectory()) {
        throw new Error(`--out ${dir} is a file, not a directory: choose a new or empty directory`);
    }
    const marker = path.join(dir, MARKER_FILE);
    if (fs.existsSync(marker)) {
        return JSON.parse(fs.readFileSync(marker, "utf8")) as string[];
    }
    if (fs.readdirSync(dir).length > 0) {
        throw new Error(
            `--out ${dir} is not empty and holds no earlier render (${MARKER_FILE} is missing); ` +
                "the render replaces only files it wrote itself: choose a new or empty directory",
        );
    }
    return [];
}

/** `rel` resolved inside `dir`, or undefined when it points outside (whatever a marker says). */
function inside(dir: string, rel: string): string | undefined {
    const file = path.resolve(dir, rel);
    return file.startsWith(path.resolve(dir) + path.sep) ? file : undefined;
}

/** Removes `files` (paths inside `dir`), then the directories under `dir` they leave empty. */
function removeFiles(dir: string, files: string[]): void {
    const dirs = new Set<string>();
    for (const rel of files) {
        const file = inside(dir, rel);
        if (file === undefined) {
            continue;
        }
        fs.rmSync(file, { force: true });
        for (let d = path.dirname(file); d !== path.resolve(dir); d = path.dirname(d)) {
            dirs.add(d);
        }
    }
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
        if (fs.existsSync(d) && fs.readdirSync(d).length === 0) {
            fs.rmdirSync(d);
        }
    }
}

export class OutputDir {
    private readonly written: string[] = [];
    private readonly previous: string[];
    private readonly staging: string;
    /** The first parent directory this render created, removed again if it is discarded. */
    private readonly createdParent: string | undefined;

    /**
     * Checks `dir` (nothing is written to it until `commit`) and opens a staging directory beside it.
     * @throws Error when `dir` is a file, or a non-empty directory the render did not write.
     */
    constructor(readonly dir: string) {
        this.previous = previousRender(dir);
        this.createdParent = fs.mkdirSync(path.dirname(dir), { recursive: true });
        this.staging = fs.mkdtempSync(`${dir}.partial-`);
    }

    /** Writes `content` to `rel` (a path inside the render) in the staging directory. */
    write(rel: string, content: string): void {
        const file = path.join(this.staging, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        this.written.push(rel);
    }

    /**
     * Replaces the previous render with this one: its files out, these in, the marker last (so a
     * later render knows exactly what to replace). Returns the number of files written.
     */
    commit(): number {
        fs.writeFileSync(
            path.join(this.staging, MARKER_FILE),
            JSON.stringify([...this.written].sort(), null, 2) + "\n",
        );
        if (!fs.existsSync(this.dir) || fs.readdirSync(this.dir).length === 0) {
            fs.rmSync(this.dir, { recursive: true, force: true });
            fs.renameSync(this.staging, this.dir);
            return this.written.length;
        }
        removeFiles(this.dir, [...this.previous, MARKER_FILE]);
        for (const rel of [...this.written, MARKER_FILE]) {
            const target = path.join(this.dir, rel);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.renameSync(path.join(this.staging, rel), target);
        }
        fs.rmSync(this.staging, { recursive: true, force: true });
        return this.written.length;
    }

    /** Drops this render: the staging directory and any parent it created; `dir` is untouched. */
    discard(): void {
        fs.rmSync(this.staging, { recursive: true, force: true });
        if (this.createdParent !== undefined) {
            for (
                let d = path.dirname(this.dir);
                d.length >= this.createdParent.length && fs.readdirSync(d).length === 0;
                d = path.dirname(d)
            ) {
                fs.rmdirSync(d);
            }
        }
    }
}
