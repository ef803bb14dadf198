/**
 * The configurations a comparison puts side by side, each resolved from the stack as `pulumi up`
 * would resolve it: the component's defaults, the seeds' setup and the user's stack.
 */
import * as path from "path";
import { scenario, ScenarioOptions, SimConfig, resolveStack } from "./scenario";

/** The bundled one-hour trace (Azure LLM inference, CC-BY 4.0: see traces/README.md). */
export const BUNDLED_TRACE = path.join(__dirname, "traces", "azure-llm-2023-code.csv");

const KEY = "inference-autoscaling";

/** The stack's own replica bounds, so every configuration gets the same GPUs to work with. */
function bounds(o: ScenarioOptions): { minReplicas: number; maxReplicas: number } {
    const { model } = resolveStack(o.stack, o.set);
    return {
        minReplicas: model.autoscaling.minReplicas,
        maxReplicas: model.autoscaling.maxReplicas,
    };
}

/** The component's defaults: the stack with its own metrics, targets and behavior left out. */
export function componentDefaults(o: ScenarioOptions): SimConfig {
    return scenario({
        ...o,
        label: "component defaults",
        set: [...(o.set ?? []), `${KEY}:autoscaling=${JSON.stringify(bounds(o))}`],
    });
}

/**
 * The seeds' setup: 30 s scrapes, running requests with a target of 4, no `behavior` (so
 * Kubernetes' own defaults). The component always sets a behavior, so the last part is applied
 * to the resolved configuration: that is what the seeds' hand-applied HPA does.
 */
export function seedsSetup(o: ScenarioOptions): SimConfig {
    const autoscaling = {
        ...bounds(o),
        metrics: [{ name: "vllm_num_requests_running", target: 4 }],
    };
    const cfg = scenario({
        ...o,
        label: "seeds' setup",
        set: [
            ...(o.set ?? []),
            `${KEY}:prometheus.scrapeInterval=30s`,
            `${KEY}:prometheus.scalingScrapeInterval=30s`,
            `${KEY}:autoscaling=${JSON.stringify(autoscaling)}`,
        ],
    });
    return { ...cfg, behavior: undefined };
}

export function userStack(o: ScenarioOptions): SimConfig {
    return scenario({ ...o, label: o.label ?? `stack ${o.stack}` });
}

/**
 * The stack three ways for a new replica's start: cold (no headroom, image pulled and weights
 * downloaded by the pod), with the image pre-pulled and the node-local model cache, and with one
 * node of warm headroom besides.
 */
export function startupVariants(o: ScenarioOptions): SimConfig[] {
    const base = userStack(o);
    const deployKey = `${KEY}:server.deploy`;
    const { model } = resolveStack(o.stack, o.set);
    if (!model.server.deploy) {
        throw new Error(
            `stack ${o.stack} does not deploy the vLLM server (server.deploy): the start-up options apply to a server the component deploys`,
        );
    }
    const variant = (label: string, prePull: boolean, cache: boolean, warm: number) =>
        scenario({
            ...o,
            label,
            set: [
                ...(o.set ?? []),
                `${deployKey}.prePullImage=${prePull}`,
                `${deployKey}.modelCache=${cache}`,
                `${KEY}:warmCapacity=${warm}`,
            ],
        });
    return [
        variant("cold start", false, false, 0),
        variant("pre-pull + model cache", true, true, 0),
        variant(`+ warm headroom (${base.gpusPerNode} GPU)`, true, true, base.gpusPerNode),
    ];
}
