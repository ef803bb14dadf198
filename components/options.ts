import * as pulumi from "@pulumi/pulumi";

/** `opts` with more resources to wait for, keeping those it already had. */
export function withDependsOn(
    opts: pulumi.CustomResourceOptions,
    more: pulumi.Resource[],
): pulumi.CustomResourceOptions {
    const had = opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
    const all = [...(had as pulumi.Input<pulumi.Resource>[]), ...more];
    return all.length > 0 ? { ...opts, dependsOn: all } : opts;
}
