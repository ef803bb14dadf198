/**
 * `pulumi config set --path` types "true"/"false" as booleans and integers as numbers, but keeps a
 * decimal such as 0.5 a string (unless given `--type float`). Where the field is a number that may
 * have decimals, a string holding exactly a decimal number is read as that number; everything else
 * is left for the shape check to name.
 */
import { type Field, isMap, type Shape } from "../components/shape";

const DECIMAL = /^-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

export function decimalsAsNumbers(value: unknown, shape: Shape): unknown {
    switch (shape.type) {
        case "number":
            return !shape.integer && typeof value === "string" && DECIMAL.test(value)
                ? Number(value)
                : value;
        case "list":
            return Array.isArray(value) ? value.map((v) => decimalsAsNumbers(v, shape.of)) : value;
        case "map":
            return isMap(value)
                ? Object.fromEntries(
                      Object.entries(value).map(([k, v]) => [k, decimalsAsNumbers(v, shape.of)]),
                  )
                : value;
        case "object":
            return isMap(value)
                ? Object.fromEntries(
                      Object.entries(value).map(([k, v]) => {
                          const field: Field | undefined = shape.fields[k];
                          return [k, field ? decimalsAsNumbers(v, field.shape) : v];
                      }),
                  )
                : value;
        default:
            return value;
    }
}
