/**
 * Renders a prometheus-adapter `metricsQuery` the way the adapter does for a Pods metric request
 * (kubernetes-sigs/prometheus-adapter, pkg/naming/metrics_query.go), so a test can send the exact
 * query the adapter would send for an HPA.
 *
 * The query is a Go template with `<<` `>>` delimiters. For a request about pods in one namespace:
 * - `<<.Series>>` is the discovered series name;
 * - `<<.LabelMatchers>>` is the namespace matcher then the pod matcher, comma-separated:
 *   `namespace="ns",pod="a"` for one pod, `namespace="ns",pod=~"a|b"` for several;
 * - `<<.GroupBy>>` is the pod label (`pod`).
 * The label names come from the rule's `resources.overrides` (or `resources.template`), so a rule that
 * maps resources to other labels renders with those. Any other template action is rejected, so an
 * unsupported query fails the test instead of being sent half-rendered.
 */

/** The parts of an adapter rule (`rules.custom[]`) that a query depends on. */
export interface AdapterRule {
    seriesQuery: string;
    metricsQuery: string;
    name: { matches?: string; as?: string };
    resources: {
        overrides?: Record<string, { group?: string; resource: string }>;
        template?: string;
    };
}

/** The Prometheus label that holds `resource` (e.g. "pod") according to the rule. */
export function labelForResource(rule: AdapterRule, resource: string): string {
    const overridden = Object.entries(rule.resources.overrides ?? {}).find(
        ([, r]) => r.resource === resource,
    );
    if (overridden) {
        return overridden[0];
    }
    if (rule.resources.template !== undefined) {
        return rule.resources.template
            .replace(/<<\s*\.Group\s*>>/g, "")
            .replace(/<<\s*\.Resource\s*>>/g, resource);
    }
    throw new Error(`adapter rule for ${rule.seriesQuery} maps no label to resource "${resource}"`);
}

/** Go's %q for the label values used here (names of namespaces and pods). */
function quote(value: string): string {
    return JSON.stringify(value);
}

export interface PodsQueryRequest {
    series: string;
    namespace: string;
    pods: readonly string[];
}

/** The PromQL the adapter sends for `request`. */
export function renderPodsQuery(rule: AdapterRule, request: PodsQueryRequest): string {
    if (request.pods.length === 0) {
        throw new Error("the adapter never queries an empty pod set");
    }
    const nsLabel = labelForResource(rule, "namespace");
    const podLabel = labelForResource(rule, "pod");
    const podMatcher =
        request.pods.length === 1
            ? `${podLabel}=${quote(request.pods[0])}`
            : `${podLabel}=~${quote(request.pods.join("|"))}`;
    const fields: Record<string, string> = {
        Series: request.series,
        LabelMatchers: `${nsLabel}=${quote(request.namespace)},${podMatcher}`,
        GroupBy: podLabel,
    };
    return rule.metricsQuery.replace(/<<(.*?)>>/g, (action: string, inner: string) => {
        const field = /^\s*\.(\w+)\s*$/.exec(inner)?.[1];
        if (field === undefined || !(field in fields)) {
            throw new Error(
                `unsupported template action ${action} in metricsQuery ${rule.metricsQuery}`,
            );
        }
        return fields[field];
    });
}
