import * as pulumi from "@pulumi/pulumi";

/** `opts` with more resources to wait for, keeping those it already had. */
export function withDependsOn(
    opts: pulumi.CustomResourceOptions,
    more: pulumi.Input<pulumi.Resource>[],
): pulumi.CustomResourceOptions {
    const had =
        opts.dependsOn === undefined
            ? []
            : Array.isArray(opts.dependsOn)
              ? opts.dependsOn
              : [opts.dependsOn];
    const all = [...(had as pulumi.Input<pulumi.Resource>[]), ...more];
    return all.length > 0 ? { ...opts, dependsOn: all } : opts;
}

/**
 * A `dependsOn` entry that waits for the resources behind `value` (an output such as a node pool's
 * ID), or none for a plain value. The SDK adds an output's own resources to the explicit
 * dependencies (runtime/dependsOn.ts), so a dependency crosses the Pulumi schema as an output where
 * a resource of a class the schema cannot name (a node pool, per cloud) could not.
 */
export function waitFor(value: pulumi.Input<string> | undefined): pulumi.Input<pulumi.Resource>[] {
    if (value === undefined) {
        return [];
    }
    // An output of no resources: `dependsOn` takes nested arrays and outputs of them.
    return [
        pulumi
            .output(value)
            .apply(() => [] as pulumi.Resource[]) as unknown as pulumi.Input<pulumi.Resource>,
    ];
}
