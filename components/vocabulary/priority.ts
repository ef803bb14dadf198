/**
 * The priority of placeholder pods, against the two thresholds it must sit between: real
 * workloads (Kubernetes' default priority, 0, which the vLLM server and every chart's pods have
 * unless they name a higher class) and Cluster Autoscaler's expendable cutoff.
 */

/**
 * Cluster Autoscaler's `--expendable-pods-priority-cutoff` default: a pending pod whose priority is
 * *below* it neither triggers a scale-up nor keeps a node (kubernetes/autoscaler
 * cluster-autoscaler: `IsExpendablePod` is `priority < cutoff`, and the flag defaults to -10). GKE's and AKS's managed
 * autoscalers run with it and do not let it be changed; the EKS Cluster Autoscaler the component
 * installs is given it explicitly (clouds/eks/cluster-autoscaler.ts).
 */
export const EXPENDABLE_PODS_PRIORITY_CUTOFF = -10;

/**
 * Placeholder pods' priority: the lowest that still makes the node autoscaler add nodes for them,
 * so every real workload (priority 0 or more) outranks them and preempts them at once.
 */
export const PLACEHOLDER_PRIORITY = EXPENDABLE_PODS_PRIORITY_CUTOFF;
