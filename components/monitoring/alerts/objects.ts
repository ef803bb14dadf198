import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlertGroup } from "./rules";

/** The kind of object a collection mode evaluates rules from. */
export type RuleKind =
    | {
          readonly apiVersion: "monitoring.coreos.com/v1";
          readonly kind: "PrometheusRule";
          readonly namespace: pulumi.Input<string>;
      }
    | {
          readonly apiVersion: "monitoring.googleapis.com/v1";
          readonly kind: "Rules";
          readonly namespace: pulumi.Input<string>;
      }
    | { readonly apiVersion: "monitoring.googleapis.com/v1"; readonly kind: "ClusterRules" };

/** One rule object holding alert groups, named `name`; none when there is no group. */
export function createAlertRules(
    name: string,
    kind: RuleKind,
    labels: Record<string, string>,
    groups: AlertGroup[],
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource | undefined {
    if (groups.length === 0) {
        return undefined;
    }
    const namespace = "namespace" in kind ? { namespace: kind.namespace } : {};
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: kind.apiVersion,
            kind: kind.kind,
            metadata: { name, ...namespace, labels },
            spec: { groups },
        },
        opts,
    );
}
