export * from "./args";
export { InferencePlatform } from "./platform/inference-platform";
export { PlatformConnection } from "./platform/connection";
export { ModelAutoscaler } from "./model/model-autoscaler";
export { InferenceAutoscaling } from "./inference-autoscaling";
export { CHARTS, ChartPin } from "./vocabulary/charts";
export { Accelerator, ACCELERATORS, GPU_MACHINES, GpuMachine } from "./vocabulary/accelerators";
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
} from "./validation";
