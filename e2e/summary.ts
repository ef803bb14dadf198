import { OperationResult } from "./pulumi/project";

/** A passed operation's resource changes in one line, or its errors as the step's failure. */
export function summarise(r: OperationResult): string {
    if (!r.ok) {
        throw new Error(`${r.errors}\n(full log: ${r.log})`);
    }
    return Object.entries(r.summary?.changes ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
}
