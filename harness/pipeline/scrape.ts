/**
 * How a series looks once Prometheus has scraped it through a ServiceMonitor, and the scrape config
 * that reproduces such a target in a test Prometheus.
 */
import * as yaml from "js-yaml";
import { Labels } from "./exposition";
import { Relabeling, ScrapeTarget } from "./topology";

/** One emulated pod behind a ServiceMonitor's Service. */
export interface EmulatedPod {
    pod: string;
    container: string;
    address: string;
}

/**
 * The labels the Prometheus Operator gives every target it finds through a ServiceMonitor
 * (namespace, service, pod, container, endpoint, job; `instance` is the address).
 */
export function targetLabels(target: ScrapeTarget, pod: EmulatedPod): Labels {
    return {
        namespace: target.namespace,
        service: target.service.metadata.name,
        pod: pod.pod,
        container: pod.container,
        endpoint: target.endpoints[0].port,
        job: target.service.metadata.name,
        instance: pod.address,
    };
}

/**
 * Prometheus's merge of exposed and target labels. With `honor_labels: false` the target wins and a
 * clashing exposed label is kept as `exported_<name>` (DCGM's `pod` becomes `exported_pod`); with
 * `honor_labels: true` the exposed label wins.
 */
export function scrapedLabels(exposed: Labels, target: Labels, honorLabels: boolean): Labels {
    const result: Labels = { ...exposed };
    for (const [name, value] of Object.entries(target)) {
        if (name in result && result[name] !== "") {
            if (honorLabels) {
                continue;
            }
            let exported = `exported_${name}`;
            while (exported in result) {
                exported = `exported_${exported}`;
            }
            result[exported] = result[name];
        }
        result[name] = value;
    }
    return result;
}

/**
 * A prometheus.yml scraping each ServiceMonitor endpoint's emulated pods (one job per endpoint) as static targets carrying the
 * operator's target labels, with the monitor's own path and honor_labels. Intervals are 1s instead
 * of the stack's (seconds matter in a test; the PromQL does not depend on them).
 */
export function prometheusConfig(
    targets: { target: ScrapeTarget; pods: EmulatedPod[] }[],
    ruleFiles: string[],
): string {
    return yaml.dump({
        global: { scrape_interval: "1s", evaluation_interval: "1s", scrape_timeout: "1s" },
        rule_files: ruleFiles,
        scrape_configs: targets.flatMap(({ target, pods }) =>
            target.endpoints.map((endpoint, i) => ({
                job_name: `serviceMonitor/${target.monitor.metadata.namespace}/${target.monitor.metadata.name}/${i}`,
                honor_labels: endpoint.honorLabels,
                metrics_path: endpoint.path,
                // The operator turns the endpoint's relabelings into the job's relabel_configs and metric_relabel_configs.
                relabel_configs: endpoint.relabelings.map(relabelConfig),
                metric_relabel_configs: endpoint.metricRelabelings.map(relabelConfig),
                static_configs: pods.map((p) => {
                    const { instance: _instance, ...labels } = targetLabels(target, p);
                    return { targets: [p.address], labels };
                }),
            })),
        ),
    });
}

/** A ServiceMonitor relabeling as Prometheus's configuration spells it. */
export function relabelConfig(r: Relabeling): Record<string, unknown> {
    return {
        ...(r.action ? { action: r.action.toLowerCase() } : {}),
        ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
        ...(r.separator !== undefined ? { separator: r.separator } : {}),
        ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
        ...(r.regex !== undefined ? { regex: r.regex } : {}),
        ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
        ...(r.modulus !== undefined ? { modulus: r.modulus } : {}),
    };
}
