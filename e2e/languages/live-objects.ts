/**
 * The objects a program made in the cluster, as comparable JSON: every listable kind (as
 * leftovers.ts lists them), minus what was there before, each stripped of what the API server,
 * the controllers or chance write (ids, times, status, assigned IPs, generated certificates and
 * passwords, whose keys are kept, Helm's release timestamps).
 */
import { Kube, KubeObject } from "../lib/kube";
import { listableKinds } from "../leftovers";

export type LiveObjects = Map<string, unknown>;

const key = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;

function normalise(o: KubeObject): unknown {
    const copy = structuredClone(o) as any;
    delete copy.status;
    const { uid, resourceVersion, creationTimestamp, generation, managedFields, ...metadata } =
        copy.metadata;
    void [uid, resourceVersion, creationTimestamp, generation, managedFields];
    copy.metadata = metadata;
    delete copy.metadata.annotations?.["deployment.kubernetes.io/revision"];
    for (const owner of copy.metadata.ownerReferences ?? []) {
        delete owner.uid;
    }
    if (copy.kind === "Service") {
        delete copy.spec.clusterIP;
        delete copy.spec.clusterIPs;
    }
    if (copy.kind === "Secret") {
        for (const k of Object.keys(copy.data ?? {})) {
            copy.data[k] = "(value)";
        }
        // Helm's record of a release: when it was written.
        if (copy.type === "helm.sh/release.v1") {
            delete copy.metadata.labels?.modifiedAt;
        }
    }
    if (copy.kind === "APIService") {
        delete copy.spec.caBundle;
    }
    for (const webhook of copy.webhooks ?? []) {
        delete webhook.clientConfig?.caBundle;
    }
    return copy;
}

/** Every object in the cluster now, normalised, by `kind namespace/name`. */
export function liveObjects(kube: Kube): LiveObjects {
    const items = (
        JSON.parse(kube.run(["get", listableKinds(kube).join(","), "-A", "-o", "json"])) as {
            items: KubeObject[];
        }
    ).items.filter((o) => !/^kube-(system|public|node-lease)$/.test(o.metadata.namespace ?? ""));
    return new Map(items.map((o) => [key(o), normalise(o)]));
}

/** What `after` holds that `before` did not. */
export function madeSince(before: LiveObjects, after: LiveObjects): LiveObjects {
    return new Map([...after].filter(([k]) => !before.has(k)));
}

/** Each difference between two programs' objects, named; empty when they made the same. */
export function differences(reference: LiveObjects, other: LiveObjects, label: string): string[] {
    const out: string[] = [];
    for (const k of reference.keys()) {
        if (!other.has(k)) {
            out.push(`${label} did not make ${k}`);
        } else if (JSON.stringify(reference.get(k)) !== JSON.stringify(other.get(k))) {
            out.push(`${k} differs: ${firstDifference(reference.get(k), other.get(k))}`);
        }
    }
    for (const k of other.keys()) {
        if (!reference.has(k)) {
            out.push(`${label} also made ${k}`);
        }
    }
    return out;
}

function firstDifference(a: unknown, b: unknown, at = ""): string {
    if (a && b && typeof a === "object" && typeof b === "object") {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
            const ak = (a as any)[k];
            const bk = (b as any)[k];
            if (JSON.stringify(ak) !== JSON.stringify(bk)) {
                return firstDifference(ak, bk, `${at}.${k}`);
            }
        }
    }
    return `${at || "(whole)"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
