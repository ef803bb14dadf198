/**
 * Runs a rendered fetch-model init container's command with python3, as the pod would: its own
 * environment, with the cache's mount path moved onto a temporary root, against a huggingface_hub
 * that records each call and "downloads" the files of a pretend repository that match its patterns.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** One snapshot_download call, as the stub saw it. */
export interface SnapshotCall {
    repo: string;
    revision: string | null;
    patterns: string[] | null;
    /** HF_HUB_CACHE when it was called, with the temporary root put back as the mount path. */
    cache: string;
}

const STUB = `import fnmatch, json, os
def snapshot_download(repo, revision=None, allow_patterns=None):
    cache = os.environ["HF_HUB_CACHE"]
    print(json.dumps({"repo": repo, "revision": revision, "patterns": allow_patterns, "cache": cache}), flush=True)
    folder = os.path.join(cache, "models--" + repo.replace("/", "--"), "snapshots", revision or "main")
    os.makedirs(folder, exist_ok=True)
    for name in os.environ["STUB_REPO_FILES"].split(","):
        if any(fnmatch.fnmatch(name, p) for p in (allow_patterns or ["*"])):
            open(os.path.join(folder, name), "a").close()
    return folder
`;

/**
 * Runs `container` (a rendered fetch-model init container) with `root` standing for the node's cache
 * root; `repoFiles` are the files of the pretend repository. Returns the calls and stderr.
 */
export function runFetch(
    container: { command: string[]; env: { name: string; value?: string }[] },
    root: string,
    repoFiles: string[] = ["config.json", "model.safetensors"],
): { calls: SnapshotCall[]; stderr: string; status: number | null } {
    const env = Object.fromEntries(
        container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
    );
    const mount = env.MODEL_CACHE_ROOT;
    const onRoot = (value: string) =>
        value === mount || value.startsWith(`${mount}/`) ? root + value.slice(mount.length) : value;
    const stub = fs.mkdtempSync(path.join(os.tmpdir(), "hf-stub-"));
    try {
        fs.mkdirSync(path.join(stub, "huggingface_hub"));
        fs.writeFileSync(path.join(stub, "huggingface_hub", "__init__.py"), STUB);
        const [cmd, ...args] = container.command;
        const r = spawnSync(cmd, args, {
            env: {
                ...process.env,
                ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, onRoot(v)])),
                PYTHONPATH: stub,
                STUB_REPO_FILES: repoFiles.join(","),
            },
            encoding: "utf8",
        });
        if (r.status !== 0) {
            throw new Error(`the fetch failed (${r.status}): ${r.stderr}`);
        }
        const calls = r.stdout
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as SnapshotCall)
            .map((c) => ({ ...c, cache: mount + c.cache.slice(root.length) }));
        return { calls, stderr: r.stderr, status: r.status };
    } finally {
        fs.rmSync(stub, { recursive: true, force: true });
    }
}
