/**
 * The pinned charts' own repositories, served from the release archives beside the clone
 * (../shared/charts, or $CHARTS_DIR) over HTTPS under the real host names (the run's /etc/hosts
 * points them here, its certificate comes from a throwaway CA the provider is told to trust). The
 * Helm Releases therefore keep exactly the inputs a user's stack has, repository URL included, and
 * go through the provider's real download path.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as yaml from "js-yaml";
import * as path from "path";
import { archiveName } from "../scripts/chart-cache";
import { CHARTS } from "../components/vocabulary/charts";
import { REPO_ROOT } from "../harness/repo-root";

export const CHARTS_DIR = process.env.CHARTS_DIR ?? path.join(REPO_ROOT, "../shared/charts");

/** Every host name a pinned chart's repository lives on. */
export function chartHosts(): string[] {
    return [...new Set(Object.values(CHARTS).map((pin) => new URL(pin.repo).hostname))];
}

/** path -> body: each repository's index.yaml, and each archive under its repository. */
function repositoryFiles(): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    const byRepo = new Map<string, Record<string, object[]>>();
    for (const pin of Object.values(CHARTS)) {
        const archive = fs.readFileSync(path.join(CHARTS_DIR, archiveName(pin)));
        const chartYaml = execFileSync(
            "tar",
            ["-xzOf", path.join(CHARTS_DIR, archiveName(pin)), `${pin.chart}/Chart.yaml`],
            {
                encoding: "utf8",
            },
        );
        const url = `${pin.repo.replace(/\/$/, "")}/${archiveName(pin)}`;
        files.set(new URL(url).host + new URL(url).pathname, archive);
        const entries = byRepo.get(pin.repo) ?? {};
        entries[pin.chart] = [
            {
                ...(yaml.load(chartYaml) as object),
                urls: [url],
                digest: crypto.createHash("sha256").update(archive).digest("hex"),
                created: "2026-01-01T00:00:00Z",
            },
        ];
        byRepo.set(pin.repo, entries);
    }
    for (const [repo, entries] of byRepo) {
        const index = new URL(`${repo.replace(/\/$/, "")}/index.yaml`);
        files.set(
            index.host + index.pathname,
            Buffer.from(
                yaml.dump({ apiVersion: "v1", entries, generated: "2026-01-01T00:00:00Z" }),
            ),
        );
    }
    return files;
}

/** Serves the repositories on 127.0.0.1:443 until closed; logs each request to `log`. */
export async function serveChartRepos(pki: string, log: string): Promise<https.Server> {
    const files = repositoryFiles();
    const server = https.createServer(
        { cert: fs.readFileSync(`${pki}/charts.crt`), key: fs.readFileSync(`${pki}/charts.key`) },
        (req, res) => {
            const key = `${req.headers.host ?? ""}${new URL(req.url ?? "/", "https://x").pathname}`;
            const body = files.get(key);
            fs.appendFileSync(log, `${req.method} https://${key} ${body ? 200 : 404}\n`);
            res.writeHead(body ? 200 : 404, {
                "content-type": key.endsWith(".yaml") ? "text/yaml" : "application/gzip",
            });
            res.end(body ?? "not found");
        },
    );
    await new Promise<void>((resolve, reject) =>
        server.listen(443, "127.0.0.1", resolve).on("error", reject),
    );
    return server;
}
