/**
 * A fake `kubectl` in a temp directory, to be put first on PATH: it appends its arguments and
 * KUBECONFIG to a log and prints a canned HPA JSON, or fails like kubectl does. No cluster is
 * ever contacted.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** What `kubectl get hpa inference-vllm -n vllm-example -o json` prints for a scaling HPA. */
export const HPA_JSON = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "inference-vllm", namespace: "vllm-example" },
    spec: {
        minReplicas: 1,
        maxReplicas: 5,
        scaleTargetRef: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "vllm-gemma-deployment",
        },
        metrics: [
            {
                type: "Pods",
                pods: {
                    metric: { name: "vllm_num_requests_running" },
                    target: { type: "AverageValue", averageValue: "4" },
                },
            },
            {
                type: "Pods",
                pods: {
                    metric: { name: "gpu_utilization_percent" },
                    target: { type: "AverageValue", averageValue: "20" },
                },
            },
            {
                type: "Resource",
                resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 90 } },
            },
        ],
    },
    status: {
        currentReplicas: 2,
        desiredReplicas: 3,
        currentMetrics: [
            {
                type: "Pods",
                pods: {
                    metric: { name: "vllm_num_requests_running" },
                    current: { averageValue: "4500m" },
                },
            },
            {
                type: "Pods",
                pods: {
                    metric: { name: "gpu_utilization_percent" },
                    current: { averageValue: "37" },
                },
            },
            {
                type: "Resource",
                resource: {
                    name: "cpu",
                    current: { averageUtilization: 12, averageValue: "120m" },
                },
            },
        ],
        conditions: [{ type: "AbleToScale", status: "True", reason: "SucceededRescale" }],
    },
};

export class FakeKubectl {
    readonly dir: string;
    readonly log: string;
    private readonly response: string;
    private savedPath?: string;

    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-kubectl-"));
        this.log = path.join(this.dir, "calls.log");
        this.response = path.join(this.dir, "response");
        const script = [
            "#!/bin/sh",
            `dir='${this.dir}'`,
            'printf "%s|KUBECONFIG=%s\\n" "$*" "${KUBECONFIG:-}" >> "$dir/calls.log"',
            'if [ -f "$dir/fail" ]; then cat "$dir/fail" >&2; exit 1; fi',
            'cat "$dir/response"',
            "",
        ].join("\n");
        fs.writeFileSync(path.join(this.dir, "kubectl"), script, { mode: 0o755 });
        this.respond(HPA_JSON);
    }

    /** The next calls print this (an object is printed as JSON). */
    respond(body: unknown): void {
        fs.rmSync(path.join(this.dir, "fail"), { force: true });
        fs.writeFileSync(
            this.response,
            typeof body === "string" ? body : JSON.stringify(body, null, 2),
        );
    }

    /** The next calls exit 1 after printing `stderr`. */
    fail(stderr: string): void {
        fs.writeFileSync(path.join(this.dir, "fail"), stderr);
    }

    /** Each call as "ARGS|KUBECONFIG=VALUE". */
    calls(): string[] {
        return fs.existsSync(this.log)
            ? fs.readFileSync(this.log, "utf8").trim().split("\n").filter(Boolean)
            : [];
    }

    /** PATH with this directory first. */
    pathEnv(): string {
        return `${this.dir}${path.delimiter}${process.env.PATH ?? ""}`;
    }

    /** Puts the fake first on this process's PATH until restorePath(). */
    installOnPath(): void {
        this.savedPath = process.env.PATH;
        process.env.PATH = this.pathEnv();
    }

    restorePath(): void {
        if (this.savedPath !== undefined) {
            process.env.PATH = this.savedPath;
            this.savedPath = undefined;
        }
    }

    remove(): void {
        this.restorePath();
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
