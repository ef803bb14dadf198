/**
 * `promtool test rules` for a set of rule groups: writes the rule file and the unit test into a
 * temporary directory, runs Debian's (or any) promtool on them, and removes the directory.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { RunResult, runBinary } from "./binaries";

export interface RuleTest {
    /** Prometheus rule groups (a PrometheusRule's or a GMP Rules' `spec.groups`). */
    groups: unknown[];
    /** Step between samples of the input series and between evaluations. */
    interval: string;
    input: { series: string; values: string }[];
    exprTests?: {
        expr: string;
        eval_time: string;
        exp_samples: { labels: string; value: number }[];
    }[];
    /** Alerts expected firing at `eval_time` (none: `exp_alerts: []`), with their exact labels and annotations. */
    alertTests?: {
        eval_time: string;
        alertname: string;
        exp_alerts: {
            exp_labels: Record<string, string>;
            exp_annotations: Record<string, string>;
        }[];
    }[];
}

export function promtoolTestRules(test: RuleTest): RunResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
        fs.writeFileSync(path.join(dir, "rules.yaml"), yaml.dump({ groups: test.groups }));
        const unit = {
            rule_files: ["rules.yaml"],
            evaluation_interval: test.interval,
            tests: [
                {
                    interval: test.interval,
                    input_series: test.input,
                    promql_expr_test: test.exprTests ?? [],
                    alert_rule_test: test.alertTests ?? [],
                },
            ],
        };
        fs.writeFileSync(path.join(dir, "test.yaml"), yaml.dump(unit));
        return runBinary("promtool", ["test", "rules", "test.yaml"], dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
