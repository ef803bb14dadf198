/**
 * What every metrics backend provides, behind one interface (index.ts is the table of them): the
 * HPA it scales a model with, the metrics server it installs, and what watches that server. Its
 * facts as data are vocabulary/backends.ts's.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MetricsServerTarget } from "../../monitoring/alerts/rules";
import type { PipelineModule } from "../../monitoring/pipeline";
import type { ResolvedModel } from "../../settings/model";
import type { ResolvedPlatform } from "../../settings/platform";
import type { DerivedNames } from "../../vocabulary/names";

/** What scales one model. */
export interface ModelAutoscaling {
    /** The HPA, when the component makes it (the adapter backends). */
    readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** The ScaledObject KEDA makes the HPA from. */
    readonly scaledObject?: k8s.apiextensions.CustomResource;
    /** The names the HPA reads the metrics under. */
    readonly metricNames: string[];
}

export interface BackendModule {
    /** The name of the HPA that scales a model's Deployment. */
    hpaName(names: DerivedNames): string;
    /** True when the platform installs the backend's metrics server (not one already running). */
    installsServer(cfg: ResolvedPlatform): boolean;
    /** Where the metrics server runs, for the platform's alerts (APIService included). */
    metricsServer(cfg: ResolvedPlatform): MetricsServerTarget;
    /**
     * Makes the backend's own cluster parts, where the collection mode does not (KEDA); returns the
     * releases that install the CRDs a model's objects use.
     */
    createPlatformSide(
        cfg: ResolvedPlatform,
        opts: { k8s: pulumi.CustomResourceOptions; cloud: pulumi.CustomResourceOptions },
    ): k8s.helm.v3.Release[];
    /** Makes what scales a model, reading its metrics through `pipeline`. */
    createAutoscaler(
        model: ResolvedModel,
        pipeline: PipelineModule,
        opts: pulumi.CustomResourceOptions,
    ): ModelAutoscaling;
}
