/**
 * Change over time: a stack deployed by an earlier version of the program, then `pulumi up` with
 * the current one on the same cluster and the same stack state, the served Deployment keeping its
 * capacity throughout. Two earlier versions: the commit this e2e was written from, and f3d7b08, the
 * first version that landed (whose Helm releases lived in other namespaces: the README's upgrade
 * note gives the two settings that keep them, and this step applies exactly those).
 */
import * as fs from "fs";
import * as path from "path";
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

/** Earlier versions a user may run, and the stack settings the README tells them to add first. */
export const UPGRADES_FROM: { ref: string; what: string; settings: Record<string, unknown> }[] = [
    { ref: "a607a83", what: "the commit before the e2e", settings: {} },
    // README "Upgrading": f3d7b08's releases were installed in `monitoring`; keep them there.
    {
        ref: "f3d7b08",
        what: "the first version that landed",
        settings: { monitoringNamespace: "monitoring" },
    },
];

async function upgradeFrom(
    ctx: UpgradeContext,
    from: (typeof UPGRADES_FROM)[number],
): Promise<string> {
    const stack = `upgrade-${from.ref}`;
    const old = scratchProject(ctx.env.dir, `old-${from.ref}`, from.ref);
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
    return `from ${from.ref} (${from.what}): up ${before}; then the current program: ${after}; ${capacity}`;
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
