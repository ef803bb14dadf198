/**
 * The table of metrics backends: the module that implements types.ts's interface for each. Nothing
 * else compares a backend's name; what differs as data is vocabulary/backends.ts's.
 */
import type { MetricsBackend } from "../../vocabulary/choices";
import { KEDA } from "./keda";
import { PROMETHEUS_ADAPTER } from "./prometheus-adapter";
import { STACKDRIVER_ADAPTER_BACKEND } from "./stackdriver-adapter";
import type { BackendModule } from "./types";

const BACKEND_MODULES: Record<MetricsBackend, BackendModule> = {
    "prometheus-adapter": PROMETHEUS_ADAPTER,
    "stackdriver-adapter": STACKDRIVER_ADAPTER_BACKEND,
    keda: KEDA,
};

/** The module of a platform's backend. */
export const backendModule = (backend: MetricsBackend): BackendModule => BACKEND_MODULES[backend];
