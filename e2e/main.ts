/**
 * `npm run e2e`, inside the private network, mount and PID namespace e2e/run.sh made: the real
 * Pulumi CLI and engine, the real pulumi-kubernetes provider and a real control plane, on the
 * `kubernetes` stack. See "Tested for real" in docs/contributing.md for what each step proves.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chartHosts, serveChartRepos } from "./charts-repo";
import { ControlPlane, startControlPlane } from "./cluster/control-plane";
import { HostsFile, setUpNetwork } from "./cluster/network";
import { stopAll } from "./lib/processes";
import { metricsLoopSteps } from "./metrics-loop";
import { addStackSettings, pulumi, PulumiEnv, scratchProject } from "./pulumi/project";
import { Step, runSteps } from "./steps";
import { stackServer, vllmWorkload } from "./workload";
import { leftAfterDestroy, rememberCluster } from "./leftovers";
import { upgradeSteps } from "./upgrade";
import { summarise } from "./summary";
import { backendSwitchStep } from "./backend-switch";
import { checkCrdOrder } from "./crd-order";
import { languageSteps } from "./languages/steps";

const STACK = "kubernetes";

/**
 * Settings the e2e adds to the shipped stack: scale-down after 15 s instead of 5 min, so the loop
 * fits a test; and the seeds' metrics from one replica (the stack ships KV-cache use from two,
 * docs/simulator.md), so the scaling loop is driven through both sources, vLLM's series and
 * DCGM's relabelled by the GPU rule.
 */
export const E2E_STACK_SETTINGS = {
    autoscaling: {
        minReplicas: 1,
        metrics: [
            { name: "vllm_num_requests_running", target: 4 },
            { name: "gpu_utilization_percent", target: 20 },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 15 } },
    },
};

/** Which pulumi-kubernetes provider runs, against the one the npm SDK pin describes. */
function providerBuilt(): string {
    const release = fs.readFileSync(path.join(__dirname, "go/provider/cmd/VERSION"), "utf8").trim();
    const pin = (
        JSON.parse(fs.readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8")) as {
            version: string;
        }
    ).version;
    const mod = /pulumi-kubernetes\/provider\/v4 (\S+)/.exec(
        fs.readFileSync(path.join(__dirname, "go/provider/go.mod"), "utf8"),
    )?.[1];
    return `provider pulumi-resource-kubernetes ${release} (module ${mod}) runs, not ${pin} (the npm pin): the Go module proxy serves no later provider; see docs/contributing.md, "Tested for real"`;
}

async function main(): Promise<number> {
    const bin = process.env.E2E_BIN ?? "";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inference-autoscaling-e2e-"));
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs, { recursive: true });
    console.log(`e2e: working in ${dir} (logs in ${logs})`);
    console.log(`e2e: ${providerBuilt()}`);
    let cluster: ControlPlane | undefined;
    let env: PulumiEnv | undefined;
    let project = "";
    let hosts: HostsFile | undefined;
    const server = stackServer(STACK);

    const loop = metricsLoopSteps(() => ({ cluster: cluster!, bin, dir, server, hosts: hosts! }));
    const steps: Step[] = [
        {
            name: "build",
            run: async () => {
                if (!process.env.E2E_BUILD?.startsWith("ok")) {
                    throw new Error(
                        `e2e/build.sh failed (its output is above): ${process.env.E2E_BUILD ?? "not run"}`,
                    );
                }
                return process.env.E2E_BUILD.slice(3);
            },
        },
        {
            name: "cluster",
            needs: ["build"],
            run: async () => {
                setUpNetwork();
                hosts = new HostsFile(path.join(dir, "hosts"));
                hosts.add("127.0.0.1", chartHosts());
                cluster = await startControlPlane(bin, dir, chartHosts());
                await serveChartRepos(cluster.pki, path.join(logs, "chart-repos.log"));
                cluster.kube.apply(vllmWorkload(server));
                env = {
                    bin,
                    dir,
                    kubeconfig: cluster.kubeconfig,
                    chartsCa: `${cluster.pki}/charts-ca.crt`,
                };
                project = scratchProject(dir, "current");
                addStackSettings(project, STACK, E2E_STACK_SETTINGS);
                rememberCluster(cluster.kube);
                const nodes = cluster.kube.list("nodes").map((n) => n.metadata.name);
                return `${nodes.length} nodes (${nodes.join(", ")}), ${server.namespace}/${server.deploymentName} deployed`;
            },
        },
        {
            name: "preview-fresh",
            needs: ["cluster"],
            run: async () => summarise(await pulumi(env!, project, STACK, "preview")),
        },
        {
            name: "up",
            needs: ["cluster"],
            run: async () => summarise(await pulumi(env!, project, STACK, "up")),
        },
        {
            name: "crd-order",
            needs: ["up"],
            run: async () => {
                const r = await pulumi(env!, project, STACK, "state");
                summarise(r);
                return checkCrdOrder(r.summary?.resources ?? []);
            },
        },
        {
            name: "no-changes",
            needs: ["up"],
            run: async () => summarise(await pulumi(env!, project, STACK, "preview-no-changes")),
        },
        {
            name: "refresh",
            needs: ["up"],
            run: async () => summarise(await pulumi(env!, project, STACK, "refresh-no-changes")),
        },
        ...loop.steps,
        backendSwitchStep(() => ({ cluster: cluster!, env: env!, project, stack: STACK, server })),
        {
            name: "destroy",
            needs: ["up"],
            run: async () => {
                summarise(await pulumi(env!, project, STACK, "destroy"));
                return leftAfterDestroy(cluster!.kube, server);
            },
        },
        ...upgradeSteps(() => ({ cluster: cluster!, env: env!, stack: STACK, server })),
        ...languageSteps(() => ({ cluster: cluster!, env: env! })),
        loop.stop,
        { name: "stop", always: true, run: async () => stopAll() },
    ];
    // E2E_ONLY=cluster,program-python runs those steps (and the clean-up ones) alone, for working on them.
    const only = process.env.E2E_ONLY?.split(",");
    const { failed } = await runSteps(
        only ? steps.filter((s) => s.always || only.includes(s.name)) : steps,
        only !== undefined,
    );
    if (failed === 0) {
        fs.rmSync(dir, { recursive: true, force: true });
    } else {
        console.log(`e2e: logs kept in ${logs}`);
    }
    return failed === 0 ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
