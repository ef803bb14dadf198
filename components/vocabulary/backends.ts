/**
 * What each metrics backend is, as data: the API its server serves, the collection modes it reads,
 * whether it scales to zero. The checks and the builders read these instead of comparing backend
 * names, as clouds/ does for clouds.
 */
import type { CollectionMode, MetricsBackend } from "./choices";
import { METRICS_BACKENDS } from "./choices";

/** The aggregated APIs a metrics server serves: one server per API per cluster. */
export type MetricsApi = "custom.metrics.k8s.io" | "external.metrics.k8s.io";

export interface BackendFacts {
    /** Its name in a sentence. */
    readonly label: string;
    /** The API its server serves to the HPA. */
    readonly metricsApi: MetricsApi;
    /** The collection modes whose series it reads, and what that is, for a message. */
    readonly collections: readonly CollectionMode[];
    readonly reads: string;
    /** Whether a model may scale to zero (an HPA cannot: its minimum is at least 1). */
    readonly scalesToZero: boolean;
    /** The platform's argument that configures its metrics server. */
    readonly serverArgument: ServerArgument;
    /** Whether it reads a model's recorded per-pod series (else the scraped ones). */
    readonly readsRecordedSeries: boolean;
    /** Whether a model may scale on one formula over its metrics (`keda.scalingModifiers`). */
    readonly formulas: boolean;
    /**
     * What reads the in-cluster Prometheus for it, for a message when its URL is missing, and
     * whether only a server the platform installs does (one already running has its own URL).
     */
    readonly prometheusReader?: { readonly says: string; readonly whenInstalled: boolean };
}

/** The platform arguments that configure a metrics server, one per backend. */
export type ServerArgument = "adapter" | "stackdriverAdapter" | "keda";

export const BACKENDS: Record<MetricsBackend, BackendFacts> = {
    "prometheus-adapter": {
        label: "prometheus-adapter",
        metricsApi: "custom.metrics.k8s.io",
        collections: ["self-managed"],
        reads: "the in-cluster Prometheus",
        scalesToZero: false,
        serverArgument: "adapter",
        readsRecordedSeries: false,
        formulas: false,
        prometheusReader: { says: "prometheus-adapter needs", whenInstalled: true },
    },
    "stackdriver-adapter": {
        label: "the Stackdriver adapter",
        metricsApi: "custom.metrics.k8s.io",
        collections: ["gke-managed"],
        reads: "Managed Service for Prometheus",
        scalesToZero: false,
        serverArgument: "stackdriverAdapter",
        // Recorded per pod by GMP rules (monitoring/gke/pod-monitoring.ts): it reads metrics by name, not PromQL.
        readsRecordedSeries: true,
        formulas: false,
    },
    keda: {
        label: "KEDA",
        metricsApi: "external.metrics.k8s.io",
        collections: ["self-managed", "gke-managed"],
        reads: "either collection's Prometheus API",
        scalesToZero: true,
        serverArgument: "keda",
        readsRecordedSeries: false,
        formulas: true,
        prometheusReader: { says: "KEDA's triggers need", whenInstalled: false },
    },
};

/** Each collection mode's own metrics server: the backend unless another is asked for. */
export const DEFAULT_BACKEND: Record<CollectionMode, MetricsBackend> = {
    "self-managed": "prometheus-adapter",
    "gke-managed": "stackdriver-adapter",
};

/** The backends that read `collection`'s series, in the order the choices list them. */
export const backendsReading = (collection: CollectionMode): MetricsBackend[] =>
    METRICS_BACKENDS.filter((b) => BACKENDS[b].collections.includes(collection));

/** The backends a model may scale to zero with. */
export const BACKENDS_TO_ZERO: readonly MetricsBackend[] = METRICS_BACKENDS.filter(
    (b) => BACKENDS[b].scalesToZero,
);

/** The backends whose models may scale on a formula. */
export const BACKENDS_WITH_FORMULAS: readonly MetricsBackend[] = METRICS_BACKENDS.filter(
    (b) => BACKENDS[b].formulas,
);

/** `"a" or "b"`, for a message. */
export const quotedAlternatives = (names: readonly string[]): string =>
    names.map((n) => `"${n}"`).join(" or ");
