/** Accumulating input problems, so every one is reported at once. */
import * as pulumi from "@pulumi/pulumi";

/** One bad input: where it is and why it is wrong. */
export type InputProblem = pulumi.InputPropertyErrorDetails;

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN =
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PROM_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
/**
 * A Kubernetes quantity as apimachinery parses it (pkg/api/resource/quantity.go): a signed decimal
 * number, then a binary suffix (Ki..Ei), a decimal one (m, k, M..E) or an exponent (e3, E-2).
 */
export const KUBERNETES_QUANTITY =
    /^[+-]?(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?(\d+\.?\d*|\.\d+))?$/;

/** Collects problems so every one is reported at once, not one per `pulumi preview`. */
export class Problems {
    readonly list: InputProblem[] = [];

    add(propertyPath: string, reason: string): void {
        this.list.push({ propertyPath, reason });
    }

    dnsLabel(path: string, value: string, maxLength = 63): void {
        if (value.length > maxLength || !DNS1123_LABEL.test(value)) {
            this.add(
                path,
                `${path} is ${JSON.stringify(value)}; it must be a DNS-1123 label: lower-case letters, ` +
                    `digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters`,
            );
        }
    }

    port(path: string, value: number | undefined): void {
        if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
            this.add(path, `${path} is ${value}; it must be a whole number from 1 to 65535`);
        }
    }

    /** A resource amount: a Kubernetes quantity above zero (`example` shows the usual form). */
    quantity(path: string, value: string | undefined, example: string): void {
        if (
            value !== undefined &&
            !(KUBERNETES_QUANTITY.test(String(value)) && parseFloat(String(value)) > 0)
        ) {
            this.add(
                path,
                `${path} is ${JSON.stringify(value)}; it must be a Kubernetes quantity above zero such as ` +
                    `${JSON.stringify(example)}: a number with an optional suffix (m for thousandths; k, M, G, T ` +
                    "for powers of 1000; Ki, Mi, Gi, Ti for powers of 1024)",
            );
        }
    }

    duration(path: string, value: string | undefined): void {
        if (value !== undefined && !PROM_DURATION.test(value)) {
            this.add(
                path,
                `${path} is ${JSON.stringify(value)}; it must be a Prometheus duration such as "15s" or "1m"`,
            );
        }
    }
}
