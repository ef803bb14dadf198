/**
 * The render's output directory. The render deletes only what it wrote there before: it lists its
 * files in a marker file, removes exactly those on the next run, and refuses a non-empty directory
 * without that marker (`--out .` or `--out ~` must never cost anyone a file).
 */
import * as fs from "fs";
import * as path from "path";

export const MARKER_FILE = ".render-files.json";

export class OutputDir {
    private readonly written: string[] = [];

    /**
     * Opens `dir` for a new render: creates it, or clears the files an earlier render listed.
     * @throws Error when `dir` is a file, or a non-empty directory the render did not write.
     */
    constructor(readonly dir: string) {
        if (!fs.existsSync(dir)) {
            fs.mkdirSync(dir, { recursive: true });
            return;
        }
        if (!fs.statSync(dir).isDirectory()) {
            throw new Error(
                `--out ${dir} is a file, not a directory: choose a new or empty directory`,
            );
        }
        const marker = path.join(dir, MARKER_FILE);
        if (fs.existsSync(marker)) {
            this.removePrevious(JSON.parse(fs.readFileSync(marker, "utf8")) as string[]);
        } else if (fs.readdirSync(dir).length > 0) {
            throw new Error(
                `--out ${dir} is not empty and holds no earlier render (${MARKER_FILE} is missing); ` +
                    "the render replaces only files it wrote itself: choose a new or empty directory",
            );
        }
    }

    /** Removes the files an earlier render wrote, then the directories that are left empty. */
    private removePrevious(files: string[]): void {
        const dirs = new Set<string>();
        for (const rel of files) {
            const file = path.resolve(this.dir, rel);
            if (!file.startsWith(path.resolve(this.dir) + path.sep)) {
                continue; // never outside the output directory, whatever the marker says
            }
            fs.rmSync(file, { force: true });
            for (
                let d = path.dirname(file);
                d.startsWith(path.resolve(this.dir) + path.sep);
                d = path.dirname(d)
            ) {
                dirs.add(d);
            }
        }
        for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
            if (fs.existsSync(d) && fs.readdirSync(d).length === 0) {
                fs.rmdirSync(d);
            }
        }
        fs.rmSync(path.join(this.dir, MARKER_FILE), { force: true });
    }

    /** Writes `content` to `rel` (a path inside the directory) and returns the absolute path. */
    write(rel: string, content: string): string {
        const file = path.join(this.dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        this.written.push(rel);
        return file;
    }

    /** Records what was written, so the next render can replace exactly that; returns the count. */
    finish(): number {
        fs.writeFileSync(
            path.join(this.dir, MARKER_FILE),
            JSON.stringify([...this.written].sort(), null, 2) + "\n",
        );
        return this.written.length;
    }
}
