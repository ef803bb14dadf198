/** A JSON-like object, as Helm values are. */
export type Values = Record<string, unknown>;

function isPlainObject(value: unknown): value is Values {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges Helm values: `ours` over `base`, recursively for objects; arrays and scalars in `ours`
 * replace those in `base`. Used to lay the component's typed values over a user's pass-through
 * values, so the settings the wiring depends on cannot be overridden by accident.
 * Neither argument is mutated.
 */
export function mergeValues(base: Values, ours: Values): Values {
    const result: Values = { ...base };
    for (const [key, value] of Object.entries(ours)) {
        const existing = result[key];
        result[key] =
            isPlainObject(existing) && isPlainObject(value) ? mergeValues(existing, value) : value;
    }
    return result;
}
