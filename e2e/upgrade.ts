/**
 * Change over time: a stack deployed by an earlier version of the program, then `pulumi up` with
 * the current one on the same cluster and the same stack state, the served Deployment keeping its
 * capacity throughout. Two earlier versions: the commit this e2e was written from, and f3d7b08, the
 * first version that landed (whose Helm releases lived in other namespaces: CHANGELOG.md's upgrade
 * note gives the two settings that keep them, and this step applies exactly those).
 */
import * as fs from "fs";
import * as path from "path";
import { CHARTS } from "../components/vocabulary/charts";
import { ControlPlane } from "./cluster/control-plane";
import { CapacityWatch } from "./lib/capacity";
import { addStackSettings, pulumi, PulumiEnv, scratchProject } from "./pulumi/project";
import { Step } from "./steps";
import { summarise } from "./summary";
import { ServerSettings } from "./workload";

export interface UpgradeContext {
    cluster: ControlPlane;
    env: PulumiEnv;
    stack: string;
    server: ServerSettings;
}

/** Earlier versions a user may run, and the stack settings CHANGELOG.md tells them to add first. */
export const UPGRADES_FROM: {
    ref: string;
    what: string;
    settings: Record<string, unknown>;
    /** The old version's chart pins file, when its pins are not the archives this machine holds. */
    chartPins?: { file: string; why: string };
}[] = [
    { ref: "a607a83", what: "the commit before the e2e", settings: {} },
    {
        ref: "f3d7b08",
        what: "the first version that landed",
        // CHANGELOG's upgrade note: f3d7b08's releases were installed in `monitoring`; keep them there.
        settings: { monitoringNamespace: "monitoring" },
        chartPins: {
            file: "components/charts.ts",
            why: "its chart pins (kube-prometheus-stack 81.4.5, dcgm-exporter 4.8.3, which was never released, ...) are not among ../shared/charts, so it is deployed with today's pins; the upgrade then changes namespaces, not chart versions",
        },
    },
];

/** Rewrites each `chart: "x", version: "y"` pair of an old pins file to today's version of chart x. */
function pinToHeldArchives(file: string): void {
    const current = new Map<string, string>(Object.values(CHARTS).map((p) => [p.chart, p.version]));
    const text = fs.readFileSync(file, "utf8");
    const pair = /chart: "([^"]+)",(\s+)version: "[^"]+"/g;
    if (!pair.test(text)) {
        throw new Error(`${file} holds no chart pins to rewrite`);
    }
    fs.writeFileSync(
        file,
        text.replace(pair, (whole, chart: string, space: string) =>
            current.has(chart)
                ? `chart: "${chart}",${space}version: "${current.get(chart)}"`
                : whole,
        ),
    );
}

async function upgradeFrom(
    ctx: UpgradeContext,
    from: (typeof UPGRADES_FROM)[number],
): Promise<string> {
    const stack = `upgrade-${from.ref}`;
    const old = scratchProject(ctx.env.dir, `old-${from.ref}`, from.ref);
    if (from.chartPins) {
        pinToHeldArchives(path.join(old, from.chartPins.file));
    }
    fs.copyFileSync(
        path.join(old, "stacks", `Pulumi.${ctx.stack}.yaml`),
        path.join(old, "stacks", `Pulumi.${stack}.yaml`),
    );
    const before = summarise(await pulumi(ctx.env, old, stack, "up"));
    // The same stack file (its encryption salt included) now read by the current program.
    const current = scratchProject(ctx.env.dir, `new-${from.ref}`);
    fs.copyFileSync(
        path.join(old, "stacks", `Pulumi.${stack}.yaml`),
        path.join(current, "stacks", `Pulumi.${stack}.yaml`),
    );
    addStackSettings(current, stack, from.settings);
    const watch = new CapacityWatch(ctx.cluster.kube, ctx.server);
    watch.start();
    const after = summarise(await pulumi(ctx.env, current, stack, "up"));
    const capacity = watch.check();
    summarise(await pulumi(ctx.env, current, stack, "preview-no-changes"));
    summarise(await pulumi(ctx.env, current, stack, "destroy"));
    const fixed = from.chartPins ? `; ${from.chartPins.why}` : "";
    const set = Object.keys(from.settings).length
        ? `, with ${JSON.stringify(from.settings)} set first`
        : "";
    return `from ${from.ref} (${from.what}${fixed}): up ${before}; then the current program${set}: ${after}; ${capacity}`;
}

export function upgradeSteps(context: () => UpgradeContext): Step[] {
    return [
        {
            name: "upgrade",
            needs: ["destroy"],
            run: async () => {
                const notes: string[] = [];
                for (const from of UPGRADES_FROM) {
                    notes.push(await upgradeFrom(context(), from));
                }
                return notes.join(" | ");
            },
        },
    ];
}
