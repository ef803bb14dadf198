import * as pulumi from "@pulumi/pulumi";
import { ResolvedMetric } from "../config";

/** Options the collection pipelines create their children with. */
export interface PipelineOptions {
    /** For Kubernetes children: parent and Kubernetes provider. */
    readonly k8s: pulumi.CustomResourceOptions;
    /** For Kubernetes children in the server's namespace: also wait for it when the component creates it. */
    readonly server: pulumi.CustomResourceOptions;
    /** For cloud children (IAM): parent only, the cloud provider is inherited. */
    readonly cloud: pulumi.CustomResourceOptions;
    /** What exporters running on GPU nodes wait for (the GPU node pool). */
    readonly gpuNodes: pulumi.Resource[];
}

/** What a collection pipeline gives the HPA and the component's outputs. */
export interface Pipeline {
    /** The name the metrics server serves a catalog metric under. */
    readonly metricName: (m: ResolvedMetric) => string;
    /** Namespace of the in-cluster monitoring stack, if any. */
    readonly monitoringNamespace?: pulumi.Input<string>;
    /** Prometheus the metrics are read from, if in the cluster. */
    readonly prometheusUrl?: string;
}
