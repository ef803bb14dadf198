/** The container that holds a reservation and does nothing: Kubernetes' own pause image. */

/**
 * kubeadm's pinned pause version (`PauseVersion = "3.10"`, kubernetes/kubernetes
 * cmd/kubeadm/app/constants/constants.go): a static binary that sleeps until signalled and exits
 * on SIGTERM at once.
 */
export const PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

/** Requests of a container that only sleeps: counted by the scheduler, never a node's worth. */
export const PAUSE_RESOURCES = {
    requests: { cpu: "1m", memory: "8Mi" },
    limits: { memory: "32Mi" },
} as const;

/**
 * Annotation that keeps `pulumi up` from waiting for a workload's pods: placeholders wait for nodes
 * the autoscaler adds (minutes) and a pre-pull for a ~10 GB image per node; neither gates a deploy.
 */
export const SKIP_AWAIT = { "pulumi.com/skipAwait": "true" } as const;
