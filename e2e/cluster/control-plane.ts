/**
 * A real Kubernetes control plane on this machine: etcd, kube-apiserver, kube-controller-manager
 * and kube-scheduler built from the Go module proxy, with KWOK standing in for kubelets (it makes
 * the nodes Ready and the pods Running, with pod IPs from each node's podCIDR).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { Kube } from "../lib/kube";
import { start, Started, tail } from "../lib/processes";
import { waitFor } from "../../harness/wait";
import { KUBERNETES_SERVICE_IP, NODE_IP, POD_CIDR, SERVICE_CIDR } from "./network";
import { fakeNodes } from "./nodes";

const APISERVER_PORT = 16443;
export const APISERVER_URL = `https://127.0.0.1:${APISERVER_PORT}`;

export interface ControlPlane {
    kubeconfig: string;
    pki: string;
    kube: Kube;
    processes: Started[];
}

function kubeconfigFile(pki: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: "e2e",
                cluster: { server: APISERVER_URL, "certificate-authority": `${pki}/ca.crt` },
            },
        ],
        users: [
            {
                name: "admin",
                user: {
                    "client-certificate": `${pki}/admin.crt`,
                    "client-key": `${pki}/admin.key`,
                },
            },
        ],
        contexts: [{ name: "e2e", context: { cluster: "e2e", user: "admin" } }],
        "current-context": "e2e",
    });
}

/** KWOK's stage definitions, from the module the build downloaded: ready nodes with heartbeats, running pods, finished Jobs. */
function kwokStages(): string {
    const dir = execFileSync("go", ["list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kwok"], {
        cwd: path.join(__dirname, "../go/controlplane"),
        encoding: "utf8",
        env: { ...process.env, GOFLAGS: "-mod=readonly", GOPROXY: "off" },
    }).trim();
    const stages = [
        "node/fast/node-initialize.yaml",
        "node/heartbeat/node-heartbeat.yaml",
        "pod/fast/pod-ready.yaml",
        "pod/fast/pod-complete.yaml",
        "pod/fast/pod-delete.yaml",
    ];
    return stages
        .map((s) => fs.readFileSync(path.join(dir, "kustomize/stage", s), "utf8"))
        .join("\n---\n");
}

async function healthy(pki: string, check: string): Promise<boolean> {
    return new Promise((resolve) => {
        const req = https.get(
            `${APISERVER_URL}${check}`,
            {
                ca: fs.readFileSync(`${pki}/ca.crt`),
                cert: fs.readFileSync(`${pki}/admin.crt`),
                key: fs.readFileSync(`${pki}/admin.key`),
                timeout: 2000,
            },
            (res) => {
                res.resume();
                resolve(res.statusCode === 200);
            },
        );
        req.on("error", () => resolve(false));
        req.on("timeout", () => req.destroy());
    });
}

/** Starts the control plane in `dir` (certificates, data, logs) with the binaries in `bin`. */
export async function startControlPlane(
    bin: string,
    dir: string,
    chartHosts: string[],
): Promise<ControlPlane> {
    const pki = path.join(dir, "pki");
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs, { recursive: true });
    execFileSync("bash", [
        path.join(__dirname, "pki.sh"),
        pki,
        NODE_IP,
        KUBERNETES_SERVICE_IP,
        ...chartHosts,
    ]);
    const kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfig, kubeconfigFile(pki));
    const b = (name: string) => path.join(bin, name);

    const etcd = start(
        "etcd",
        b("etcd"),
        [
            "--name=e2e",
            `--data-dir=${dir}/etcd`,
            "--listen-client-urls=http://127.0.0.1:2379",
            "--advertise-client-urls=http://127.0.0.1:2379",
            "--listen-peer-urls=http://127.0.0.1:2380",
            "--initial-advertise-peer-urls=http://127.0.0.1:2380",
            "--initial-cluster=e2e=http://127.0.0.1:2380",
            "--unsafe-no-fsync", // a throwaway test store: durability buys nothing here
        ],
        logs,
    );
    const apiserver = start(
        "kube-apiserver",
        b("kube-apiserver"),
        [
            "--etcd-servers=http://127.0.0.1:2379",
            `--secure-port=${APISERVER_PORT}`,
            `--advertise-address=${NODE_IP}`, // no default route to pick an address from
            `--tls-cert-file=${pki}/apiserver.crt`,
            `--tls-private-key-file=${pki}/apiserver.key`,
            `--client-ca-file=${pki}/ca.crt`,
            `--service-account-key-file=${pki}/sa.pub`,
            `--service-account-signing-key-file=${pki}/sa.key`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-cluster-ip-range=${SERVICE_CIDR}`,
            "--authorization-mode=Node,RBAC",
            "--allow-privileged=true",
            // The aggregation layer, as kubeadm configures it: prometheus-adapter trusts this client.
            `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User",
            "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            `--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
            `--proxy-client-key-file=${pki}/front-proxy-client.key`,
            // There is no kube-proxy: reach aggregated APIs at their pods' IPs, not their ClusterIPs.
            "--enable-aggregator-routing=true",
            "--profiling=false",
        ],
        logs,
    );
    await waitFor(
        "kube-apiserver /readyz",
        async () => {
            if (apiserver.child.exitCode !== null) {
                throw new Error(`kube-apiserver exited:\n${tail(apiserver)}`);
            }
            return (await healthy(pki, "/readyz")) || undefined;
        },
        120_000,
    );

    const common = [
        `--kubeconfig=${kubeconfig}`,
        "--bind-address=127.0.0.1",
        "--leader-elect=false",
    ];
    const controllerManager = start(
        "kube-controller-manager",
        b("kube-controller-manager"),
        [
            ...common,
            `--authentication-kubeconfig=${kubeconfig}`,
            `--authorization-kubeconfig=${kubeconfig}`,
            `--service-account-private-key-file=${pki}/sa.key`,
            `--root-ca-file=${pki}/ca.crt`,
            `--cluster-signing-cert-file=${pki}/ca.crt`,
            `--cluster-signing-key-file=${pki}/ca.key`,
            "--use-service-account-credentials=true",
            `--service-cluster-ip-range=${SERVICE_CIDR}`,
            // The HPA's default; named so a reader of the e2e's timings sees it.
            "--horizontal-pod-autoscaler-sync-period=15s",
        ],
        logs,
    );
    const scheduler = start(
        "kube-scheduler",
        b("kube-scheduler"),
        [
            ...common,
            `--authentication-kubeconfig=${kubeconfig}`,
            `--authorization-kubeconfig=${kubeconfig}`,
        ],
        logs,
    );
    const stages = path.join(dir, "kwok-stages.yaml");
    fs.writeFileSync(stages, kwokStages());
    const kwok = start(
        "kwok",
        b("kwok"),
        [
            `--kubeconfig=${kubeconfig}`,
            `--config=${stages}`,
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
            `--cidr=${POD_CIDR}`,
            `--node-ip=${NODE_IP}`,
            "--server-address=127.0.0.1:10247",
        ],
        logs,
    );

    const kube = new Kube(kubeconfig);
    await waitFor(
        "the default ServiceAccount (controller-manager running)",
        () => kube.get("serviceaccount", "default", "default") && true,
        120_000,
    );
    kube.create(fakeNodes());
    await waitFor(
        "every node Ready (KWOK running)",
        () => {
            const nodes = kube.list("nodes");
            return (
                (nodes.length > 0 &&
                    nodes.every((n) =>
                        n.status?.conditions?.some(
                            (c: any) => c.type === "Ready" && c.status === "True",
                        ),
                    )) ||
                undefined
            );
        },
        60_000,
    );
    return {
        kubeconfig,
        pki,
        kube,
        processes: [etcd, apiserver, controllerManager, scheduler, kwok],
    };
}
