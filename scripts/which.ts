import * as fs from "fs";
import * as path from "path";

/** Absolute path of the executable `name` on PATH, or undefined when there is none. */
export function onPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir, name);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            return candidate;
        } catch {
            // not in this directory
        }
    }
    return undefined;
}
