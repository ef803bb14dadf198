import { InvokeMocks } from "./mock-engine";

const PLACEHOLDER_CA = Buffer.from("offline placeholder certificate authority").toString("base64");

const AKS_KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "offline", cluster: { server: "https://offline.example.invalid:443" } }],
    contexts: [{ name: "offline", context: { cluster: "offline", user: "offline" } }],
    "current-context": "offline",
    users: [{ name: "offline", user: { token: "offline" } }],
});

/**
 * Canned answers for the provider functions the program calls, so a stack renders without a
 * cloud account. Values are placeholders shaped like the real answers (documentation IP ranges,
 * AWS's example account, `.invalid` hosts).
 */
export const OFFLINE_INVOKES: InvokeMocks = {
    "gcp:container/getCluster:getCluster": (args) => ({
        name: args.name,
        endpoint: "203.0.113.10",
        masterAuths: [{ clusterCaCertificate: PLACEHOLDER_CA }],
    }),
    "gcp:organizations/getProject:getProject": (args) => ({
        projectId: args.projectId,
        number: "123456789012",
    }),
    "aws:eks/getCluster:getCluster": (args) => ({
        name: args.name,
        endpoint: "https://EXAMPLE0123456789.gr7.us-east-1.eks.amazonaws.com",
        certificateAuthorities: [{ data: PLACEHOLDER_CA }],
        identities: [
            {
                oidcs: [
                    { issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789" },
                ],
            },
        ],
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: "111122223333",
        arn: "arn:aws:iam::111122223333:user/offline",
        userId: "OFFLINE",
    }),
    "aws:index/getRegion:getRegion": () => ({ name: "us-east-1", region: "us-east-1" }),
    "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
        kubeconfigs: [
            { name: "clusterUser", value: Buffer.from(AKS_KUBECONFIG).toString("base64") },
        ],
    }),
};
