import * as gcpOrganizations from "@pulumi/gcp/organizations";
import * as gcpProjects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";

/**
 * IAM member for a Kubernetes service account under Workload Identity Federation for GKE: the KSA
 * itself is the principal, so no Google service account or key exists.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
export function workloadIdentityMember(
    projectNumber: string,
    projectId: string,
    namespace: string,
    ksa: string,
): string {
    return (
        `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/` +
        `${projectId}.svc.id.goog/subject/ns/${namespace}/sa/${ksa}`
    );
}

/** Lets one Kubernetes service account read Cloud Monitoring (Managed Service for Prometheus). */
export function grantMonitoringViewer(
    name: string,
    project: pulumi.Input<string>,
    namespace: string,
    ksa: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): gcpProjects.IAMMember {
    const projectNumber = gcpOrganizations.getProjectOutput(
        { projectId: project },
        { parent: opts.parent },
    ).number;
    return new gcpProjects.IAMMember(
        name,
        {
            project,
            role: "roles/monitoring.viewer",
            member: pulumi
                .all([projectNumber, project, ksa])
                .apply(([n, id, sa]) => workloadIdentityMember(n, id, namespace, sa)),
        },
        opts,
    );
}
