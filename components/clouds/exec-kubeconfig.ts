import * as pulumi from "@pulumi/pulumi";

/** How kubectl-compatible clients get a token: an exec credential plugin. */
export interface ExecCredential {
    command: string;
    args?: string[];
    /** Installation hint shown by clients when the command is missing. */
    installHint: string;
}

/**
 * A kubeconfig for one cluster whose tokens come from an exec plugin (`gke-gcloud-auth-plugin`,
 * `aws eks get-token`). Built as an object and serialised as JSON (valid YAML), never from
 * hand-indented text; returned as a secret.
 */
export function execKubeconfig(
    clusterName: pulumi.Input<string>,
    endpoint: pulumi.Input<string>,
    caData: pulumi.Input<string>,
    exec: ExecCredential,
): pulumi.Output<string> {
    const config = pulumi.all([clusterName, endpoint, caData]).apply(([clusterName, server, ca]) =>
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [
                { name: clusterName, cluster: { server, "certificate-authority-data": ca } },
            ],
            contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
            "current-context": clusterName,
            users: [
                {
                    name: clusterName,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: exec.command,
                            args: exec.args ?? [],
                            installHint: exec.installHint,
                            provideClusterInfo: true,
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
        }),
    );
    return pulumi.secret(config);
}
