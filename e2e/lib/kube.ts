/** kubectl against the e2e cluster: reads as JSON, writes from objects. */
import { spawnSync } from "child_process";
import { requireBinary } from "../../harness/binaries";
import { KubeObject } from "../../scripts/cluster-render";

export type { KubeObject };

export class Kube {
    constructor(readonly kubeconfig: string) {}

    /** Runs kubectl; throws with its stderr when it fails. */
    run(args: string[], input?: string): string {
        const result = spawnSync(
            requireBinary("kubectl"),
            ["--kubeconfig", this.kubeconfig, ...args],
            {
                input,
                encoding: "utf8",
                timeout: 60_000,
                maxBuffer: 256 * 1024 * 1024,
            },
        );
        if (result.error) {
            throw result.error;
        }
        if (result.status !== 0) {
            throw new Error(`kubectl ${args.join(" ")}: ${result.stderr.trim()}`);
        }
        return result.stdout;
    }

    /** Every object of `resource` (all namespaces unless one is given). */
    list(resource: string, namespace?: string): KubeObject[] {
        const scope = namespace ? ["-n", namespace] : ["-A"];
        return (
            JSON.parse(this.run(["get", resource, ...scope, "-o", "json"])) as {
                items: KubeObject[];
            }
        ).items;
    }

    /** One object, or undefined when it does not exist. */
    get(resource: string, name: string, namespace?: string): KubeObject | undefined {
        const scope = namespace ? ["-n", namespace] : [];
        const out = this.run(["get", resource, name, ...scope, "-o", "json", "--ignore-not-found"]);
        return out.trim() === "" ? undefined : (JSON.parse(out) as KubeObject);
    }

    /** Creates objects (a Node's status, its capacity, is kept only on create). */
    create(objects: object[]): void {
        this.run(
            ["create", "-f", "-"],
            JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
        );
    }

    /** Creates or updates objects (server-side apply, as the e2e's own field manager). */
    apply(objects: object[]): void {
        const input = JSON.stringify({ apiVersion: "v1", kind: "List", items: objects });
        this.run(["apply", "--server-side", "--field-manager=e2e", "-f", "-"], input);
    }
}
