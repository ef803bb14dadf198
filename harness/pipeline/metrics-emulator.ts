/**
 * Serves emulated /metrics endpoints on loopback, one HTTP server per emulated pod (so each target
 * has its own address, as pods do), answering only on the path the ServiceMonitor scrapes.
 * Content is produced on every scrape, so a test changes what Prometheus sees by changing state.
 */
import * as http from "http";
import { AddressInfo } from "net";

export interface EmulatedTarget {
    /** host:port Prometheus scrapes. */
    readonly address: string;
}

export class MetricsEmulator {
    private readonly servers: http.Server[] = [];

    /** Starts a server answering GET `path` with `body()`; resolves with its address. */
    async serve(path: string, body: () => string): Promise<EmulatedTarget> {
        const server = http.createServer((req, res) => {
            if (req.method === "GET" && req.url?.split("?")[0] === path) {
                res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
                res.end(body());
            } else {
                res.writeHead(404).end();
            }
        });
        this.servers.push(server);
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        const { port } = server.address() as AddressInfo;
        return { address: `127.0.0.1:${port}` };
    }

    /** Stops every server, dropping open keep-alive connections. Safe to call more than once. */
    async stop(): Promise<void> {
        const servers = this.servers.splice(0);
        await Promise.all(
            servers.map(
                (s) =>
                    new Promise<void>((resolve) => {
                        s.closeAllConnections();
                        s.close(() => resolve());
                    }),
            ),
        );
    }
}
