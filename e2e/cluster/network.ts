/**
 * The run's private network: inside the namespace `npm run e2e` made, the pod, node and service
 * ranges are local addresses on `lo`, so every pod IP KWOK hands out answers on this machine, and
 * nothing has a route out. Kubernetes refuses loopback (127/8) addresses in EndpointSlices, hence
 * private ranges rather than 127.x.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";

export const POD_CIDR = "10.244.0.0/16";
export const NODE_IP = "10.245.0.1";
export const SERVICE_CIDR = "10.96.0.0/16";
/** The first address of the service range: the `kubernetes` Service's ClusterIP. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";

/** Brings up `lo` with the three ranges; refuses to run where a route leads out. */
export function setUpNetwork(): void {
    const routes = execFileSync("ip", ["route", "show"], { encoding: "utf8" });
    if (routes.trim() !== "") {
        throw new Error(
            `the e2e must run in its own network namespace (npm run e2e), but routes exist:\n${routes}`,
        );
    }
    execFileSync("ip", ["link", "set", "lo", "up"]);
    for (const address of ["10.244.0.1/16", `${NODE_IP}/24`, `${KUBERNETES_SERVICE_IP}/16`]) {
        execFileSync("ip", ["addr", "add", address, "dev", "lo"]);
    }
}

/**
 * Gives the namespace its own /etc/hosts (the run's mount namespace keeps the bind private), so
 * chart repository host names and in-cluster Service names resolve to this machine.
 */
export class HostsFile {
    private readonly lines = ["127.0.0.1 localhost"];

    constructor(private readonly file: string) {
        this.write();
        execFileSync("mount", ["--bind", file, "/etc/hosts"]);
    }

    add(address: string, names: string[]): void {
        this.lines.push(`${address} ${names.join(" ")}`);
        this.write();
    }

    /** Rewrites the file in place: the bind mount follows the inode, not the name. */
    private write(): void {
        fs.writeFileSync(this.file, `${this.lines.join("\n")}\n`);
    }
}
