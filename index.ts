/**
 * The quick-start program: one stack per cloud (stacks/Pulumi.<stack>.yaml) adding a GPU node
 * pool to an existing cluster and making the vLLM Deployment autoscale on its own load.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscaling, ModelAutoscaler } from "./components";
import { stackKubeconfig } from "./program/kubeconfig";
import { COMPONENT_NAME, readStackSettings } from "./program/stack-config";

const settings = readStackSettings();
const stack = pulumi.getStack();

const k8sProvider = new k8s.Provider(`${stack}-k8s`, {
    kubeconfig: stackKubeconfig(settings),
    context: settings.kubeContext,
});

// Every Kubernetes child of the components uses this provider; cloud resources use the default ones.
const opts = { providers: [k8sProvider] };
const autoscaling = new InferenceAutoscaling(COMPONENT_NAME, settings.args, opts);
// More models on the same platform: one object each in the stack's `models` list.
const models = settings.models.map(
    ({ name, ...model }) =>
        new ModelAutoscaler(name, { ...model, platform: autoscaling.connection }, opts),
);

export const hpaName = autoscaling.hpaName;
export const metricNames = autoscaling.metricNames;
export const gpuNodeSelector = autoscaling.gpuNodeSelector;
export const gpuTolerations = autoscaling.gpuTolerations;
export const prometheusUrl = autoscaling.prometheusUrl;
export const modelHpaNames = pulumi.all(models.map((m) => m.hpaName));
