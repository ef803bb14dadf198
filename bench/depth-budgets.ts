/**
 * The longest chain of waits each stack's plan may have (resources on the chain; see
 * dependency-graph.ts), and why that many. A needless `dependsOn` that lengthens a chain fails
 * tests/bench/dependency-depth.test.ts; a new stack needs an entry here.
 */
export const DEPTH_BUDGETS: Record<string, { budget: number; why: string }> = {
    gke: {
        budget: 4,
        why:
            "node service account -> its IAM grant -> node pool -> vLLM server (the nodes start once their least-privilege account " +
            "may log; the server waits for its GPU pool), and Namespace -> ServiceAccount -> Deployment -> APIService of the " +
            "Stackdriver adapter (an API is registered only once its server runs, so destroy removes it first).",
    },
    eks: {
        budget: 4,
        why:
            "node IAM role -> worker policy attachment -> node group -> charts running on GPU nodes (device plugin, dcgm-exporter, " +
            "Cluster Autoscaler): EKS needs the policies on the role before the group joins, and the exporters wait for the GPU nodes.",
    },
    aks: {
        budget: 3,
        why:
            "Namespace -> kube-prometheus-stack (installs the Prometheus Operator CRDs) -> ServiceMonitor / PrometheusRule; " +
            "the agent pool -> device plugin / dcgm-exporter is 2.",
    },
    kubernetes: {
        budget: 3,
        why: "Namespace -> kube-prometheus-stack (installs the Prometheus Operator CRDs) -> ServiceMonitor / PrometheusRule.",
    },
};
