/**
 * Shared test harness: runs the component (or the whole program) under the mock engine and
 * gives typed access to what was registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscaling, InferenceAutoscalingArgs } from "../components";
import { PlannedResource, startMockEngine } from "../harness/mock-engine";
import { OFFLINE_INVOKES } from "../harness/offline-invokes";

export type { PlannedResource };

export const TYPES = {
    component: "inference-autoscaling:index:InferenceAutoscaling",
    release: "kubernetes:helm.sh/v3:Release",
    namespace: "kubernetes:core/v1:Namespace",
    service: "kubernetes:core/v1:Service",
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    aksAgentPool: "azure-native:containerservice:AgentPool",
    iamMember: "gcp:projects/iAMMember:IAMMember",
    podMonitoring: "kubernetes:monitoring.googleapis.com/v1:PodMonitoring",
    clusterPodMonitoring: "kubernetes:monitoring.googleapis.com/v1:ClusterPodMonitoring",
    apiService: "kubernetes:apiregistration.k8s.io/v1:APIService",
} as const;

/** Minimal valid arguments: the seeds' vLLM server. */
export function baseArgs(
    overrides: Partial<InferenceAutoscalingArgs> = {},
): InferenceAutoscalingArgs {
    return {
        server: {
            namespace: "vllm-example",
            deploymentName: "vllm-gemma-deployment",
            podLabels: { app: "gemma-server" },
            metricsPort: 8080,
        },
        ...overrides,
    };
}

/** What one run registered, with finders that fail loudly when a resource is missing. */
export class Plan {
    constructor(readonly resources: PlannedResource[]) {}

    ofType(type: string): PlannedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    get(type: string, name: string): PlannedResource {
        const found = this.resources.find((r) => r.type === type && r.name === name);
        if (!found) {
            const have = this.resources.map((r) => `${r.type} ${r.name}`).join("\n  ");
            throw new Error(`no ${type} named ${name}; registered:\n  ${have}`);
        }
        return found;
    }

    has(type: string, name: string): boolean {
        return this.resources.some((r) => r.type === type && r.name === name);
    }

    /** Inputs of a resource, typed loosely for deep property access in assertions. */
    inputs(type: string, name: string): any {
        return this.get(type, name).inputs;
    }

    /** `type name` of every resource, sorted: for asserting exactly which resources exist. */
    keys(): string[] {
        return this.resources.map((r) => `${r.type} ${r.name}`).sort();
    }
}

/** Constructs the component offline and waits for every registration. */
export async function runComponent(args: InferenceAutoscalingArgs, name = "test"): Promise<Plan> {
    const engine = startMockEngine({ project: "tests", stack: "unit", invokes: OFFLINE_INVOKES });
    const component = new InferenceAutoscaling(name, args);
    await valueOf(component.metricNames);
    await engine.settle();
    return new Plan([...engine.resources]);
}

/**
 * Runs a program of several components offline (an `InferencePlatform` and its models, say):
 * `build` makes them and returns Outputs to wait for.
 */
export async function runProgram(build: () => pulumi.Output<unknown>[]): Promise<Plan> {
    const engine = startMockEngine({ project: "tests", stack: "unit", invokes: OFFLINE_INVOKES });
    await Promise.all(build().map(valueOf));
    await engine.settle();
    return new Plan([...engine.resources]);
}

/** The value of an Output (resolves under mocks). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}
