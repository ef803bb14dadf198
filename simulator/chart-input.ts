/** What the timeline chart draws: one or several simulator runs over the same trace. */
export interface ChartSeries {
    /** Run label, e.g. "component defaults", "seeds' setup", "your stack". */
    label: string;
    /** Seconds since the start of the trace, one entry per sample (same length as every array below). */
    t: number[];
    /** Requests arriving per second (smoothed or raw). */
    arrivals: number[];
    /** Replicas the HPA wants, and replicas serving (ready). */
    desired: number[];
    ready: number[];
    /** Every metric the autoscaler reads, as it saw it (average per pod), with its target. */
    metrics: ChartMetric[];
    /** p95 time to first token over the last minute, seconds (NaN where no request finished). */
    ttftP95: number[];
}

export interface ChartInput {
    title: string;
    series: ChartSeries[];
    slo?: { ttftSeconds: number };
}

/** One scaling metric of a run: its per-pod average per sample, and its target (a constant line). */
export interface ChartMetric {
    name: string;
    target: number;
    values: number[];
}
