/**
 * The quick-start program: one stack per cloud (stacks/Pulumi.<stack>.yaml) wiring an existing
 * vLLM Deployment to autoscale on its own load.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscaling } from "./components";
import { readStackSettings } from "./program/stack-config";

const settings = readStackSettings();
const stack = pulumi.getStack();

const k8sProvider = new k8s.Provider(`${stack}-k8s`, {
    kubeconfig: settings.kubeconfig,
    context: settings.kubeContext,
    // Server-side apply: field ownership is tracked by the API server, so drift is reported precisely.
    enableServerSideApply: true,
});

const autoscaling = new InferenceAutoscaling("inference", {
    cloud: settings.cloud,
    collection: settings.collection,
    k8sProvider,
    server: settings.server,
    autoscaling: settings.autoscaling,
    monitoringNamespace: settings.monitoringNamespace,
});

export const hpaName = autoscaling.hpa.metadata.name;
export const metricNames = autoscaling.metricNames;
export const prometheusUrl = autoscaling.prometheusUrl;
