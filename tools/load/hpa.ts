/**
 * Watches a HorizontalPodAutoscaler while the load runs: `kubectl get hpa NAME -n NS -o json`
 * every few seconds, with KUBECONFIG set when --kubeconfig was given. A failed read is kept as an
 * error message for the live view; it never stops the load.
 */
import { execFile } from "child_process";
import { HpaTarget } from "./args";

export interface HpaMetric {
    /** Metric name (pods/object/external metrics) or resource name (cpu, memory). */
    name: string;
    /** The metric source type: Pods, Object, External, Resource or ContainerResource. */
    type: string;
    /** Current value as the HPA reports it, e.g. "4500m", or "80%" for a resource utilization. */
    current: string;
    /** The same as a number (quantity suffixes resolved), when it parses. */
    currentValue?: number;
    /** The target from spec.metrics for the same metric, as written there. */
    target?: string;
}

export interface HpaStatus {
    currentReplicas?: number;
    desiredReplicas?: number;
    minReplicas?: number;
    maxReplicas?: number;
    metrics: HpaMetric[];
    /** spec.metrics: each entry's type and name, with the target of a Pods/AverageValue one as a number. */
    specMetrics: HpaSpecMetric[];
    /** spec.behavior as kubectl printed it (its tolerances matter to the replica proposal). */
    behavior?: Record<string, unknown>;
    /** Why the HPA holds or limits its count: a ScalingLimited reason, or a stabilization. */
    holdReason?: string;
}

export interface HpaSpecMetric {
    type: string;
    name: string;
    averageValue?: number;
}

export type HpaReading = { at: number; status: HpaStatus } | { at: number; error: string };

const SUFFIX: Record<string, number> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** A Kubernetes quantity ("4500m", "2", "1.5k", "1Gi") as a number; undefined when it is not one. */
export function parseQuantity(quantity: string): number | undefined {
    const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(quantity.trim());
    if (!match || !(match[2] in SUFFIX)) {
        return undefined;
    }
    return Number(match[1]) * SUFFIX[match[2]];
}

/*
 * The parts of `kubectl get hpa -o json` (autoscaling/v2) this reads. kubectl's output is not
 * trusted to match: leaves stay unknown and every level may be missing.
 */

/** A MetricTarget (spec.metrics) or MetricValueStatus (status.currentMetrics). */
interface MetricValueJson {
    type?: unknown;
    averageUtilization?: unknown;
    averageValue?: unknown;
    value?: unknown;
}

/** The pods, object or external source of a metric entry. */
interface MetricSourceJson {
    metric?: { name?: unknown } | null;
    target?: MetricValueJson | null;
    current?: MetricValueJson | null;
}

/** The resource or containerResource source of a metric entry. */
interface ResourceSourceJson {
    name?: unknown;
    target?: MetricValueJson | null;
    current?: MetricValueJson | null;
}

/** One entry of spec.metrics (MetricSpec) or status.currentMetrics (MetricStatus). */
interface MetricEntryJson {
    type?: unknown;
    pods?: MetricSourceJson | null;
    object?: MetricSourceJson | null;
    external?: MetricSourceJson | null;
    resource?: ResourceSourceJson | null;
    containerResource?: ResourceSourceJson | null;
}

interface HpaConditionJson {
    type?: unknown;
    status?: unknown;
    reason?: unknown;
}

interface HpaJson {
    kind?: unknown;
    spec?: {
        metrics?: (MetricEntryJson | null)[] | null;
        minReplicas?: unknown;
        maxReplicas?: unknown;
        behavior?: unknown;
    } | null;
    status?: {
        currentMetrics?: (MetricEntryJson | null)[] | null;
        currentReplicas?: unknown;
        desiredReplicas?: unknown;
        conditions?: (HpaConditionJson | null)[] | null;
    } | null;
}

/** Name and value of one entry of spec.metrics (value = target) or status.currentMetrics (value = current). */
function metricEntry(
    entry: MetricEntryJson | null | undefined,
    valueKey: "target" | "current",
): { type: string; name: string; value?: string } | undefined {
    const formatValue = (v: MetricValueJson | null | undefined): string | undefined => {
        if (!v) {
            return undefined;
        }
        if (v.averageUtilization !== undefined) {
            return `${v.averageUtilization}%`;
        }
        const value = v.averageValue ?? v.value;
        return value === undefined ? undefined : String(value);
    };
    switch (entry?.type) {
        case "Pods":
            return {
                type: "Pods",
                name: String(entry.pods?.metric?.name),
                value: formatValue(entry.pods?.[valueKey]),
            };
        case "Object":
            return {
                type: "Object",
                name: String(entry.object?.metric?.name),
                value: formatValue(entry.object?.[valueKey]),
            };
        case "External":
            return {
                type: "External",
                name: String(entry.external?.metric?.name),
                value: formatValue(entry.external?.[valueKey]),
            };
        case "Resource":
            return {
                type: "Resource",
                name: String(entry.resource?.name),
                value: formatValue(entry.resource?.[valueKey]),
            };
        case "ContainerResource":
            return {
                type: "ContainerResource",
                name: String(entry.containerResource?.name),
                value: formatValue(entry.containerResource?.[valueKey]),
            };
        default:
            return undefined;
    }
}

const optionalNumber = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** Reads the replica counts and metric values out of `kubectl get hpa -o json` output. */
export function parseHpa(json: string): HpaStatus {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch {
        throw new Error("kubectl printed something that is not JSON");
    }
    const kind =
        typeof parsed === "object" && parsed !== null ? (parsed as HpaJson).kind : undefined;
    if (kind !== "HorizontalPodAutoscaler") {
        throw new Error(
            `kubectl returned ${kind ?? "something"} where a HorizontalPodAutoscaler was expected`,
        );
    }
    const hpa = parsed as HpaJson;
    const targets = new Map<string, string | undefined>();
    const specMetrics: HpaSpecMetric[] = [];
    for (const m of hpa.spec?.metrics ?? []) {
        const entry = metricEntry(m, "target");
        if (entry) {
            targets.set(entry.name, entry.value);
            const averageValue =
                entry.type === "Pods" &&
                m?.pods?.target?.type === "AverageValue" &&
                entry.value !== undefined
                    ? parseQuantity(entry.value)
                    : undefined;
            specMetrics.push({ type: entry.type, name: entry.name, averageValue });
        }
    }
    const metrics: HpaMetric[] = [];
    for (const m of hpa.status?.currentMetrics ?? []) {
        const entry = metricEntry(m, "current");
        if (entry?.value !== undefined) {
            metrics.push({
                name: entry.name,
                type: entry.type,
                current: entry.value,
                currentValue: parseQuantity(entry.value.replace(/%$/, "")),
                target: targets.get(entry.name),
            });
        }
    }
    return {
        currentReplicas: optionalNumber(hpa.status?.currentReplicas),
        desiredReplicas: optionalNumber(hpa.status?.desiredReplicas),
        minReplicas: optionalNumber(hpa.spec?.minReplicas),
        maxReplicas: optionalNumber(hpa.spec?.maxReplicas),
        metrics,
        specMetrics,
        behavior:
            typeof hpa.spec?.behavior === "object" && hpa.spec.behavior !== null
                ? (hpa.spec.behavior as Record<string, unknown>)
                : undefined,
        holdReason: holdReason(hpa.status?.conditions ?? []),
    };
}

/** The HPA's own account of a count that is not its metrics' proposal: horizontal.go's conditions. */
function holdReason(conditions: (HpaConditionJson | null)[]): string | undefined {
    const limited = conditions.find((c) => c?.type === "ScalingLimited" && c.status === "True");
    if (limited) {
        return String(limited.reason);
    }
    const able = conditions.find((c) => c?.type === "AbleToScale");
    return able?.reason === "ScaleUpStabilized" || able?.reason === "ScaleDownStabilized"
        ? able.reason
        : undefined;
}

/** klog lines ("E1123 17:51:18.950576   22169 memcache.go:265] ...") are noise around the reason. */
const KLOG_LINE = /^[EIWF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s/;

/** The line of kubectl's stderr that says what went wrong: the last one that is not a klog line. */
export function kubectlReason(stderr: string): string | undefined {
    const lines = stderr
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
    return lines.filter((l) => !KLOG_LINE.test(l)).pop() ?? lines.pop();
}

export interface KubectlOptions {
    /** Program to run; default "kubectl" looked up on PATH. */
    kubectl?: string;
    timeoutMs?: number;
    signal?: AbortSignal;
}

/** Runs `kubectl get hpa NAME -n NS -o json` once and parses it; rejects with a one-line reason. */
export function readHpa(target: HpaTarget, options: KubectlOptions = {}): Promise<HpaStatus> {
    const kubectl = options.kubectl ?? "kubectl";
    const timeoutMs = options.timeoutMs ?? 10_000;
    const env =
        target.kubeconfig === undefined
            ? process.env
            : { ...process.env, KUBECONFIG: target.kubeconfig };
    const args = ["get", "hpa", target.name, "-n", target.namespace, "-o", "json"];
    return new Promise((resolve, reject) => {
        execFile(
            kubectl,
            args,
            {
                env,
                timeout: timeoutMs,
                maxBuffer: 16 * 1024 * 1024,
                signal: options.signal,
                encoding: "utf8",
            },
            (err, stdout, stderr) => {
                if (err) {
                    const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
                    if (e.code === "ENOENT") {
                        reject(new Error(`${kubectl}: command not found`));
                    } else if (e.name === "AbortError") {
                        reject(new Error("stopped"));
                    } else if (e.killed) {
                        reject(
                            new Error(
                                `${kubectl} get hpa timed out after ${Math.round(timeoutMs / 1000)}s`,
                            ),
                        );
                    } else {
                        reject(
                            new Error(
                                kubectlReason(stderr) ?? `${kubectl} exited with ${String(e.code)}`,
                            ),
                        );
                    }
                    return;
                }
                try {
                    resolve(parseHpa(stdout));
                } catch (parseErr) {
                    reject(parseErr);
                }
            },
        );
    });
}

/** Polls the HPA every `intervalMs` (never two reads at once) until stop(); `latest` is the last reading. */
export class HpaWatcher {
    latest?: HpaReading;
    private timer?: NodeJS.Timeout;
    private readonly abort = new AbortController();
    private stopped = false;
    private current?: Promise<void>;

    constructor(
        private readonly target: HpaTarget,
        private readonly intervalMs = 5_000,
        private readonly options: Omit<KubectlOptions, "signal"> = {},
        private readonly now: () => number = () => Date.now(),
    ) {}

    /** Starts polling; resolves after the first reading (success or error). */
    start(): Promise<void> {
        return this.poll();
    }

    /** Stops polling and kills a kubectl still running; resolves when it has exited. */
    async stop(): Promise<void> {
        this.stopped = true;
        clearTimeout(this.timer);
        this.abort.abort();
        await this.current;
    }

    private poll(): Promise<void> {
        if (this.stopped) {
            return Promise.resolve();
        }
        this.current = readHpa(this.target, { ...this.options, signal: this.abort.signal }).then(
            (status) => {
                this.latest = { at: this.now(), status };
            },
            (err: unknown) => {
                if (!this.stopped) {
                    this.latest = {
                        at: this.now(),
                        error: err instanceof Error ? err.message : String(err),
                    };
                }
            },
        );
        return this.current.then(() => {
            if (!this.stopped) {
                this.timer = setTimeout(() => void this.poll(), this.intervalMs);
                this.timer.unref();
            }
        });
    }
}
