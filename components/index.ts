export * from "./args";
export { InferencePlatform } from "./inference-platform";
export { PlatformConnection } from "./settings/connection";
export { ModelAutoscaler } from "./model-autoscaler";
export { InferenceAutoscaling } from "./inference-autoscaling";
export { CHARTS, ChartPin } from "./vocabulary/charts";
export { Accelerator, ACCELERATORS, GpuMachine } from "./vocabulary/accelerators";
export { GPU_MACHINES } from "./clouds/machines";
export {
    METRIC_CATALOG,
    MetricDefinition,
    MetricName,
    RELABELLED_GPU_UTIL_SERIES,
} from "./vocabulary/metrics";
export { adapterRule, AdapterRule } from "./monitoring/prometheus-adapter";
export {
    findInputProblems,
    findModelInputProblems,
    findPlatformInputProblems,
    InputProblem,
    inputWarnings,
    modelInputWarnings,
} from "./validation";
