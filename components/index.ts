export * from "./args";
export { InferenceAutoscaling } from "./inference-autoscaling";
export { CHARTS, ChartPin } from "./charts";
export { Accelerator, ACCELERATORS, GPU_MACHINES, GpuMachine } from "./cloud/accelerators";
export {
    METRIC_CATALOG,
    MetricDefinition,
    MetricName,
    RELABELLED_GPU_UTIL_SERIES,
} from "./scaling/metrics";
export { adapterRule, AdapterRule } from "./monitoring/prometheus-adapter";
export { findInputProblems, InputProblem, inputWarnings } from "./validation";
