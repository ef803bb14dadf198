/**
 * Prometheus text exposition (format 0.0.4) shaped like what vLLM and NVIDIA's DCGM exporter serve,
 * with values the test sets.
 */

export type Labels = Record<string, string>;

export interface Sample {
    labels: Labels;
    value: number;
}

export interface MetricFamily {
    name: string;
    help: string;
    type: "gauge" | "counter";
    samples: Sample[];
}

function escapeLabelValue(value: string): string {
    return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
    return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

/** Renders metric families as the text format Prometheus scrapes. */
export function formatExposition(families: readonly MetricFamily[]): string {
    const lines: string[] = [];
    for (const f of families) {
        lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
        for (const s of f.samples) {
            lines.push(
                `${f.name}${formatLabels(s.labels)} ${Number.isInteger(s.value) ? s.value.toFixed(1) : s.value}`,
            );
        }
    }
    return lines.join("\n") + "\n";
}

/** What one vLLM server is doing. */
export interface VllmLoad {
    running: number;
    waiting: number;
    /** KV-cache usage, 0..1. */
    kvCache: number;
    /** Serve the deprecated `vllm:gpu_cache_usage_perc` instead of `vllm:kv_cache_usage_perc` (older vLLM). */
    legacyKvCacheName?: boolean;
}

/** vLLM V1's /metrics for one server (the engine and model labels it sets itself). */
export function vllmMetrics(model: string, load: VllmLoad): MetricFamily[] {
    const labels = { engine: "0", model_name: model };
    const kvName = load.legacyKvCacheName
        ? "vllm:gpu_cache_usage_perc"
        : "vllm:kv_cache_usage_perc";
    return [
        {
            name: "vllm:num_requests_running",
            help: "Number of requests in model execution batches.",
            type: "gauge",
            samples: [{ labels, value: load.running }],
        },
        {
            name: "vllm:num_requests_waiting",
            help: "Number of requests waiting to be processed.",
            type: "gauge",
            samples: [{ labels, value: load.waiting }],
        },
        {
            name: kvName,
            help: "KV-cache usage. 1 means 100 percent usage.",
            type: "gauge",
            samples: [{ labels, value: load.kvCache }],
        },
        {
            name: "vllm:prompt_tokens_total",
            help: "Number of prefill tokens processed.",
            type: "counter",
            samples: [{ labels, value: 1234 }],
        },
    ];
}

/** One GPU on a node, and the pod holding it (none when idle). */
export interface Gpu {
    index: number;
    utilisation: number;
    holder?: { namespace: string; pod: string; container: string };
}

/**
 * The DCGM exporter's /metrics for one node. With pod mapping on (the chart's default, through the
 * kubelet pod-resources socket) a GPU held by a pod carries that pod's `namespace`, `pod` and
 * `container` labels; an idle GPU carries none.
 */
export function dcgmMetrics(node: string, gpus: readonly Gpu[]): MetricFamily[] {
    const base = (g: Gpu): Labels => ({
        gpu: String(g.index),
        UUID: `GPU-${node}-${g.index}`,
        pci_bus_id: `00000000:00:0${4 + g.index}.0`,
        device: `nvidia${g.index}`,
        modelName: "NVIDIA L4",
        Hostname: node,
        DCGM_FI_DRIVER_VERSION: "550.90.07",
        ...(g.holder
            ? { container: g.holder.container, namespace: g.holder.namespace, pod: g.holder.pod }
            : {}),
    });
    return [
        {
            name: "DCGM_FI_DEV_GPU_UTIL",
            help: "GPU utilization (in %).",
            type: "gauge",
            samples: gpus.map((g) => ({ labels: base(g), value: g.utilisation })),
        },
        {
            name: "DCGM_FI_DEV_FB_USED",
            help: "Framebuffer memory used (in MiB).",
            type: "gauge",
            samples: gpus.map((g) => ({ labels: base(g), value: g.holder ? 20000 : 0 })),
        },
    ];
}
