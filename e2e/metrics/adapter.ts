/**
 * The real prometheus-adapter (built from the module proxy), run on this machine as the chart's
 * pod would run it: the container's arguments and its ConfigMap are read back from the cluster;
 * only what points inside the pod changes (the config file, certificate paths) and the kubeconfig
 * a pod would not need. The APIService the chart made routes to the fake pod's IP, which is local.
 */
import * as fs from "fs";
import * as path from "path";
import { Kube, KubeObject } from "../lib/kube";
import { start, Started } from "../lib/processes";

export interface AdapterRun {
    process: Started;
    /** The Deployment it stands in for. */
    deployment: string;
    /** The Prometheus URL its arguments name (the run's /etc/hosts points that host here). */
    prometheusUrl: URL;
}

/** The adapter's Deployment: the one whose container runs the image prometheus-adapter. */
function adapterDeployment(kube: Kube): KubeObject {
    const found = kube
        .list("deployments")
        .filter((d) =>
            d.spec.template.spec.containers.some((c: any) => /prometheus-adapter/.test(c.image)),
        );
    if (found.length !== 1) {
        throw new Error(`expected one prometheus-adapter Deployment, found ${found.length}`);
    }
    return found[0];
}

export function startAdapter(kube: Kube, bin: string, dir: string, kubeconfig: string): AdapterRun {
    const deployment = adapterDeployment(kube);
    const ns = deployment.metadata.namespace!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    const configVolume = pod.volumes.find((v: any) => v.configMap);
    const configMap = kube.get("configmap", configVolume.configMap.name, ns);
    const config = path.join(dir, "adapter-config.yaml");
    fs.writeFileSync(config, configMap?.data?.["config.yaml"] ?? "");
    const certDir = path.join(dir, "adapter-certs");
    fs.mkdirSync(certDir, { recursive: true });
    const args: string[] = (container.args as string[])
        .filter((a) => a.startsWith("--") && !/^--(tls-cert-file|tls-private-key-file)=/.test(a))
        .map((a) =>
            a
                .replace(/^--config=.*/, `--config=${config}`)
                .replace(/^--cert-dir=.*/, `--cert-dir=${certDir}`),
        );
    const urlArg = args.find((a) => a.startsWith("--prometheus-url="));
    if (!urlArg) {
        throw new Error(
            `the adapter Deployment ${ns}/${deployment.metadata.name} passes no --prometheus-url`,
        );
    }
    args.push(
        `--lister-kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
    );
    const process = start(
        "prometheus-adapter",
        path.join(bin, "adapter"),
        args,
        path.join(dir, "logs"),
    );
    return {
        process,
        deployment: `${ns}/${deployment.metadata.name}`,
        prometheusUrl: new URL(urlArg.slice("--prometheus-url=".length)),
    };
}
