/** What bench/render-probe.ts reports about one program run. */
import { GraphResource } from "./dependency-graph";

/** The cloud providers' SDKs: a stack should load only its own cloud's. */
export const CLOUD_SDKS = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native"] as const;
export type CloudSdk = (typeof CLOUD_SDKS)[number];

export interface ProbeReport {
    /** Peak resident set size of the process, in KiB (getrusage). */
    maxRssKb: number;
    /** User + system CPU time of the process, in milliseconds (less sensitive to a busy machine than wall time). */
    cpuMs: number;
    /** Loaded module files: all, and per @pulumi package. */
    modules: { total: number; pulumi: Record<string, number> };
    /** First-party files that required a cloud SDK module, with what they required. */
    cloudImports: { from: string; request: string }[];
    /** Every resource the program registered. */
    resources: GraphResource[];
}
