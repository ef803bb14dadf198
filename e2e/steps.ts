/**
 * The e2e's step runner: each step prints `e2e ok: <step>` or `e2e FAILED: <step>: <why>`; a step
 * whose prerequisite failed is reported failed without running; last, `N passed, M failed`.
 */
export interface Step {
    name: string;
    /** Steps that must have passed first. */
    needs?: string[];
    /** Runs the step; a returned string is printed after "ok" as a note. */
    run: () => Promise<unknown>;
    /** Runs at the end whatever happened (cleanup), never counted. */
    always?: boolean;
}

export async function runSteps(
    steps: Step[],
    /** Run a step even when a prerequisite was not among the steps (E2E_ONLY). */
    ignoreMissing = false,
): Promise<{ passed: number; failed: number }> {
    const present = new Set(steps.map((s) => s.name));
    const passed = new Set<string>();
    const failedNames: string[] = [];
    for (const step of steps) {
        const missing = (step.needs ?? []).filter(
            (n) => !passed.has(n) && !(ignoreMissing && !present.has(n)),
        );
        if (missing.length > 0 && !step.always) {
            failedNames.push(step.name);
            console.log(`e2e FAILED: ${step.name}: not run, as ${missing.join(", ")} did not pass`);
            continue;
        }
        const start = Date.now();
        try {
            const result = await step.run();
            const note = typeof result === "string" ? result : "";
            const seconds = Math.round((Date.now() - start) / 1000);
            if (!step.always) {
                passed.add(step.name);
                console.log(`e2e ok: ${step.name} (${seconds} s)${note ? `: ${note}` : ""}`);
            }
        } catch (e) {
            const why = e instanceof Error ? e.message : String(e);
            if (step.always) {
                console.log(`e2e cleanup problem: ${step.name}: ${why}`);
            } else {
                failedNames.push(step.name);
                console.log(`e2e FAILED: ${step.name}: ${why}`);
            }
        }
    }
    console.log(`${passed.size} passed, ${failedNames.length} failed`);
    return { passed: passed.size, failed: failedNames.length };
}
