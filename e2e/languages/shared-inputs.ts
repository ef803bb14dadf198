/**
 * The inputs every language's program gives the components (inputs.json, read by the TypeScript,
 * Python and Go programs alike, so they are written once), and the one bad input each must refuse
 * with the same field error. Both models run in the namespace the e2e's workload already has: a
 * namespace a model made would wait, at `destroy`, for the custom.metrics APIService, which no
 * adapter serves here (KWOK runs no containers), and Kubernetes does not finish deleting a
 * namespace while an aggregated API it lists is unavailable.
 */
import * as fs from "fs";
import * as path from "path";

export interface LanguageInputs {
    platform: Record<string, unknown>;
    models: Record<string, Record<string, any>>;
    /** Model names in the order the programs make them. */
    order: string[];
}

export const INPUTS_FILE = path.join(__dirname, "inputs.json");

export function readInputs(): LanguageInputs {
    return JSON.parse(fs.readFileSync(INPUTS_FILE, "utf8")) as LanguageInputs;
}

/** A metric name with a typo, on the first model: refused at preview, naming the field and the nearest name. */
export function badInputs(): LanguageInputs {
    const bad = readInputs();
    const first = bad.models[bad.order[0]];
    first.autoscaling.metrics[0].name = "vllm_num_requests_waitng";
    return bad;
}
