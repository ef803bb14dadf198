import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Values } from "./merge";
import { ChartPin } from "./vocabulary/charts";

/**
 * A Helm release of a pinned chart: the one way every chart is installed. The release is named as
 * its resource, so the objects the chart derives from the release name are predictable.
 * `timeoutSeconds` replaces Helm's 300 s where a chart waits for slow pods (GPU nodes, CRDs).
 */
export function createRelease(
    name: string,
    pin: ChartPin,
    namespace: pulumi.Input<string>,
    values: pulumi.Input<Values>,
    opts: pulumi.CustomResourceOptions,
    timeoutSeconds?: number,
): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name,
            namespace,
            chart: pin.chart,
            version: pin.version,
            repositoryOpts: { repo: pin.repo },
            values,
            ...(timeoutSeconds === undefined ? {} : { timeout: timeoutSeconds }),
        },
        opts,
    );
}
