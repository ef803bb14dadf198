import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The adapter's RBAC, no wider than Google's manifest: delegate authentication, read the
 * apiserver's auth config, read pods and nodes; and let the HPA controller read external metrics.
 */
export function createStackdriverAdapterRbac(
    name: string,
    ksa: k8s.core.v1.ServiceAccount,
    labels: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): void {
    const subject: k8s.types.input.rbac.v1.Subject = {
        kind: "ServiceAccount",
        name: ksa.metadata.name,
        namespace: ksa.metadata.namespace,
    };
    const bindCluster = (id: string, roleName: pulumi.Input<string>, subjects = [subject]) =>
        new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-${id}`,
            {
                metadata: { name: `${name}-${id}`, labels },
                roleRef: {
                    apiGroup: "rbac.authorization.k8s.io",
                    kind: "ClusterRole",
                    name: roleName,
                },
                subjects,
            },
            opts,
        );

    bindCluster("custom-metrics-auth-delegator", "system:auth-delegator");
    new k8s.rbac.v1.RoleBinding(
        `${name}-custom-metrics-auth-reader`,
        {
            metadata: {
                name: `${name}-custom-metrics-auth-reader`,
                namespace: "kube-system",
                labels,
            },
            roleRef: {
                apiGroup: "rbac.authorization.k8s.io",
                kind: "Role",
                name: "extension-apiserver-authentication-reader",
            },
            subjects: [subject],
        },
        opts,
    );
    const resourceReader = new k8s.rbac.v1.ClusterRole(
        `${name}-custom-metrics-resource-reader`,
        {
            metadata: { name: `${name}-custom-metrics-resource-reader`, labels },
            rules: [
                {
                    apiGroups: [""],
                    resources: ["pods", "nodes", "nodes/stats"],
                    verbs: ["get", "list", "watch"],
                },
            ],
        },
        opts,
    );
    bindCluster("custom-metrics-resource-reader", resourceReader.metadata.name);
    const externalReader = new k8s.rbac.v1.ClusterRole(
        `${name}-external-metrics-reader`,
        {
            metadata: { name: `${name}-external-metrics-reader`, labels },
            rules: [
                {
                    apiGroups: ["external.metrics.k8s.io"],
                    resources: ["*"],
                    verbs: ["list", "get", "watch"],
                },
            ],
        },
        opts,
    );
    bindCluster("external-metrics-reader", externalReader.metadata.name, [
        { kind: "ServiceAccount", name: "horizontal-pod-autoscaler", namespace: "kube-system" },
    ]);
}
