import type { ResolvedModel } from "../../settings/model";
import type { MetricDefinition } from "../../vocabulary/metrics";
import type { ModelAlertTarget } from "./rules";

/**
 * What a model's alerts look at. `scaledSeries` is the collection mode's PromQL for the series its
 * autoscaler reads for one metric, one or more per pod (labels `namespace` and `pod`).
 */
export function modelAlertTarget(
    model: ResolvedModel,
    scaledSeries: (metric: MetricDefinition) => string,
): ModelAlertTarget {
    return {
        model: model.name,
        namespace: model.server.namespace,
        hpa: model.hpaName,
        deploymentName: model.server.deploymentName,
        scaledSeries: model.autoscaling.metrics.map((m) => ({
            metric: m.metric.name,
            selector: scaledSeries(m.metric),
        })),
    };
}
