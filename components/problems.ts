/** Accumulating input problems, so every one is reported at once. */
import * as pulumi from "@pulumi/pulumi";

/** One bad input: where it is and why it is wrong. */
export type InputProblem = pulumi.InputPropertyErrorDetails;

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN =
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PROM_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

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

    duration(path: string, value: string | undefined): void {
        if (value !== undefined && !PROM_DURATION.test(value)) {
            this.add(
                path,
                `${path} is ${JSON.stringify(value)}; it must be a Prometheus duration such as "15s" or "1m"`,
            );
        }
    }
}
