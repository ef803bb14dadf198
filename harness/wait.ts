/**
 * Polls `check` every `everyMs` until it returns a value (not undefined) or `timeoutMs` passes; the
 * error names `what` and the last error seen, so a failed wait says why. Tests wait on an event
 * this way rather than on a fixed sleep.
 */
export async function waitFor<T>(
    what: string,
    check: () => T | undefined | Promise<T | undefined>,
    timeoutMs: number,
    everyMs = 1000,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
        try {
            const value = await check();
            if (value !== undefined) {
                return value;
            }
        } catch (e) {
            lastError = e;
        }
        if (Date.now() > deadline) {
            const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
            throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
        }
        await new Promise((r) => setTimeout(r, everyMs));
    }
}
