/**
 * One server per aggregated metrics API per cluster. Two platforms in one program that install a
 * server for the same API (`custom.metrics.k8s.io` or `external.metrics.k8s.io`) through the same
 * Kubernetes provider would fight over one APIService object: the second `up` overwrites the first,
 * and every HPA of the first platform reads the other's metrics. Refused before anything is made.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedPlatform } from "../settings/platform";
import { BACKENDS, MetricsApi } from "../vocabulary/backends";
import { backendModule } from "../scaling/backends";

/** The aggregated API group the platform installs a server for, or undefined when it installs none. */
export function servedMetricsApi(cfg: ResolvedPlatform): MetricsApi | undefined {
    return backendModule(cfg.backend).installsServer(cfg)
        ? BACKENDS[cfg.backend].metricsApi
        : undefined;
}

/** One program run's claims: platform names by provider (object or URN), then by API group. */
interface Claims {
    byProviderObject: WeakMap<object, Map<string, string>>;
    byProviderUrn: Map<string, Map<string, string>>;
}
/** Keyed by the run's resource monitor, so each program run (a test's mock run too) starts clean. */
const runs = new WeakMap<object, Claims>();
const DEFAULT_PROVIDER = {};

function claimsOfThisRun(): Claims {
    const monitor = pulumi.runtime.getMonitor() ?? DEFAULT_PROVIDER;
    const claims = runs.get(monitor) ?? {
        byProviderObject: new WeakMap(),
        byProviderUrn: new Map(),
    };
    runs.set(monitor, claims);
    return claims;
}

function tableFor<K>(
    map: { get(k: K): Map<string, string> | undefined; set(k: K, v: Map<string, string>): unknown },
    key: K,
): Map<string, string> {
    const table = map.get(key) ?? new Map<string, string>();
    map.set(key, table);
    return table;
}

function clashMessage(api: string, first: string, second: string, provider: string): string {
    return (
        `InferencePlatform "${second}" and "${first}" both install a server for ${api} through ${provider}: ` +
        "one cluster has one APIService per API, so the second would take it from the first. " +
        "Make one platform and add every model to it (ModelAutoscaler with its connection), or give " +
        "the second platform a provider for another cluster"
    );
}

/** Records `name`'s claim; the name of the platform that claimed `api` first, if another did. */
function claim(table: Map<string, string>, api: string, name: string): string | undefined {
    const first = table.get(api);
    if (first !== undefined && first !== name) {
        return first;
    }
    table.set(api, name);
    return undefined;
}

/**
 * Claims the platform's metrics API for the Kubernetes provider `parent` hands its children.
 * Throws at once when this program's provider object (or the default provider) is claimed twice;
 * a provider passed across languages is a new object per component, so it is also checked by URN:
 * the returned promise rejects, and the program fails with that message (the runtime reports an
 * unhandled RunError without a stack trace) before the preview ends.
 */
export function claimMetricsApi(
    cfg: ResolvedPlatform,
    parent: pulumi.Resource,
): Promise<void> | undefined {
    const api = servedMetricsApi(cfg);
    if (api === undefined) {
        return undefined;
    }
    const { byProviderObject, byProviderUrn } = claimsOfThisRun();
    const provider = parent.getProvider("kubernetes::Provider");
    const first = claim(tableFor(byProviderObject, provider ?? DEFAULT_PROVIDER), api, cfg.name);
    if (first !== undefined) {
        throw new pulumi.RunError(
            clashMessage(
                api,
                first,
                cfg.name,
                provider ? "the same Kubernetes provider" : "the default Kubernetes provider",
            ),
        );
    }
    if (provider === undefined) {
        return undefined;
    }
    return new Promise<string>((resolve) => provider.urn.apply(resolve)).then((urn) => {
        const other = claim(tableFor(byProviderUrn, urn), api, cfg.name);
        if (other !== undefined) {
            throw new pulumi.RunError(clashMessage(api, other, cfg.name, `provider ${urn}`));
        }
    });
}
