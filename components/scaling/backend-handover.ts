import * as pulumi from "@pulumi/pulumi";

/**
 * Switching `backend` in one `pulumi up`. A model's autoscaler is an HPA under the adapter
 * backends and a ScaledObject under KEDA. As two unrelated resources, Pulumi would create the new
 * one before deleting the old: KEDA's admission webhook then refuses the ScaledObject (the
 * Deployment "is already managed by the hpa", kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go).
 *
 * So both are one Pulumi resource under two types: the same name and parent, each aliasing the
 * other's type, and `deleteBeforeReplace`. Their object names differ (the ScaledObject and KEDA's
 * HPA are `kedaHpa`, see vocabulary/names.ts), which makes the provider plan a replacement, and
 * the option makes it delete first: the old autoscaler is gone before the new one is created.
 * Nothing scales for those seconds; the Deployment keeps its replicas (deleting an HPA or a
 * ScaledObject leaves them as they are).
 */

export const AUTOSCALER_TYPES = {
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
} as const;

export type AutoscalerKind = keyof typeof AUTOSCALER_TYPES;

/** Options for the autoscaler of `kind`: it replaces the other kind, deleting it first. */
export function handoverOptions(
    kind: AutoscalerKind,
    opts: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
    const other = kind === "hpa" ? AUTOSCALER_TYPES.scaledObject : AUTOSCALER_TYPES.hpa;
    return {
        ...opts,
        aliases: [...(opts.aliases ?? []), { type: other }],
        deleteBeforeReplace: true,
    };
}
