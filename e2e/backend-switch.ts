/**
 * The backend switch in one `up` each way: prometheus-adapter -> KEDA -> prometheus-adapter, on the
 * same cluster, the served Deployment never losing capacity. KEDA's operator is not built (its
 * module graph, every scaler's cloud SDK, does not fit the CI budget), so with KEDA what is checked
 * is what the API server alone can check: the chart installs, its CRDs serve the ScaledObject the
 * component makes, the HPA and the adapter's APIService go and come back.
 */
import { ControlPlane } from "./cluster/control-plane";
import { CapacityWatch } from "./lib/capacity";
import { addStackSettings, pulumi, PulumiEnv } from "./pulumi/project";
import { Step } from "./steps";
import { ServerSettings } from "./workload";
import { summarise } from "./summary";

export interface SwitchContext {
    cluster: ControlPlane;
    env: PulumiEnv;
    project: string;
    stack: string;
    server: ServerSettings;
}

function autoscalers(ctx: SwitchContext): {
    hpas: string[];
    scaledObjects: string[];
    customMetricsApi: boolean;
    externalMetricsApi: boolean;
} {
    const { kube } = ctx.cluster;
    const ns = ctx.server.namespace;
    const hasKind = kube
        .run(["api-resources", "-o", "name"])
        .split("\n")
        .includes("scaledobjects.keda.sh");
    return {
        hpas: kube.list("hpa", ns).map((h) => h.metadata.name),
        scaledObjects: hasKind
            ? kube.list("scaledobjects.keda.sh", ns).map((s) => s.metadata.name)
            : [],
        customMetricsApi: kube.get("apiservice", "v1beta1.custom.metrics.k8s.io") !== undefined,
        externalMetricsApi: kube.get("apiservice", "v1beta1.external.metrics.k8s.io") !== undefined,
    };
}

async function switchTo(ctx: SwitchContext, backend: string): Promise<string> {
    addStackSettings(ctx.project, ctx.stack, { backend });
    const watch = new CapacityWatch(ctx.cluster.kube, ctx.server);
    watch.start();
    const changes = summarise(await pulumi(ctx.env, ctx.project, ctx.stack, "up"));
    const capacity = watch.check();
    const now = autoscalers(ctx);
    const want =
        backend === "keda"
            ? now.scaledObjects.length === 1 &&
              now.hpas.length === 0 &&
              !now.customMetricsApi &&
              now.externalMetricsApi
            : now.scaledObjects.length === 0 &&
              now.hpas.length === 1 &&
              now.customMetricsApi &&
              !now.externalMetricsApi;
    if (!want) {
        throw new Error(
            `after the switch to ${backend}: HPAs [${now.hpas.join(", ")}], ScaledObjects [${now.scaledObjects.join(", ")}], custom.metrics APIService ${now.customMetricsApi ? "present" : "absent"}, external.metrics APIService ${now.externalMetricsApi ? "present" : "absent"}`,
        );
    }
    return `to ${backend}: ${changes}; ${capacity}`;
}

export function backendSwitchStep(context: () => SwitchContext): Step {
    return {
        name: "backend-switch",
        needs: ["up"],
        run: async () => {
            const ctx = context();
            const there = await switchTo(ctx, "keda");
            const back = await switchTo(ctx, "prometheus-adapter");
            return `${there}; ${back} (KEDA's operator is not built here: its ScaledObject is checked by the API server only)`;
        },
    };
}
