/**
 * The deploy-time dependency graph of a stack's plan and its longest chain: the serial part of
 * `pulumi up`. The engine creates a resource as soon as everything it waits for exists, so the
 * number of resources on the longest chain of waits is the number of create steps that cannot
 * overlap, however many resources the plan has.
 *
 * Pure functions only: the bench and tests/bench feed them what a program run registered.
 */

/** A resource's unique id in the graph: `type::name` (names alone repeat across types). */
export type ResourceId = string;

/** One registered resource, with its parent and dependencies as ids. */
export interface GraphResource {
    readonly type: string;
    readonly name: string;
    /** False for component resources, which do no work of their own. */
    readonly custom: boolean;
    readonly parent?: ResourceId;
    /** What the engine makes it wait for: `dependsOn` plus the resources whose outputs feed its inputs. */
    readonly dependsOn: readonly ResourceId[];
}

export interface Chain {
    /** Resources on the chain; 1 for a resource that waits for nothing, 0 for an empty plan. */
    readonly length: number;
    /** The chain, first resource created first. */
    readonly chain: readonly ResourceId[];
}

export function resourceId(type: string, name: string): ResourceId {
    return `${type}::${name}`;
}

/**
 * The id of the resource a URN names. A URN is `urn:pulumi:<stack>::<project>::<qualified type>::<name>`,
 * where the qualified type is the parents' types and the resource's own type joined by `$`.
 */
export function resourceIdFromUrn(urn: string): ResourceId {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        throw new Error(`not a Pulumi URN: ${urn}`);
    }
    const type = parts[2].split("$").pop() as string;
    return resourceId(type, parts.slice(3).join("::"));
}

/**
 * The graph the engine schedules: custom resources only, each with the custom resources it waits
 * for. Waiting on a component means waiting on every custom resource under it. A child of a
 * custom resource also waits for its parent (the SDK registers the child only once the parent's
 * URN resolves, which for a custom resource is after it is created); children of components do
 * not (a component's URN resolves at once).
 */
export function deployGraph(resources: readonly GraphResource[]): Map<ResourceId, ResourceId[]> {
    const byId = new Map<ResourceId, GraphResource>();
    for (const r of resources) {
        const id = resourceId(r.type, r.name);
        if (byId.has(id)) {
            throw new Error(`resource ${id} is registered twice`);
        }
        byId.set(id, r);
    }
    const children = new Map<ResourceId, { id: ResourceId; custom: boolean }[]>();
    for (const [id, r] of byId) {
        if (r.parent !== undefined) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), { id, custom: r.custom }]);
        }
    }
    const customUnder = (id: ResourceId, seen = new Set<ResourceId>()): ResourceId[] => {
        if (seen.has(id)) {
            return [];
        }
        seen.add(id);
        return (children.get(id) ?? []).flatMap((c) =>
            c.custom ? [c.id] : customUnder(c.id, seen),
        );
    };
    const graph = new Map<ResourceId, ResourceId[]>();
    for (const [id, r] of byId) {
        if (!r.custom) {
            continue;
        }
        const waits = new Set<ResourceId>();
        const targets =
            r.parent !== undefined && byId.get(r.parent)?.custom
                ? [...r.dependsOn, r.parent]
                : r.dependsOn;
        for (const dep of targets) {
            const target = byId.get(dep);
            if (!target) {
                throw new Error(`${id} waits for ${dep}, which the plan does not register`);
            }
            for (const d of target.custom ? [dep] : customUnder(dep)) {
                if (d !== id) {
                    waits.add(d);
                }
            }
        }
        graph.set(id, [...waits].sort());
    }
    return graph;
}

/**
 * The longest chain of waits in `graph` (each id maps to the ids it waits for). Ties go to the
 * alphabetically first resource, so the reported chain is stable. Throws on an unknown id or a
 * cycle (which the engine would reject too).
 */
export function longestChain(graph: ReadonlyMap<ResourceId, readonly ResourceId[]>): Chain {
    const depth = new Map<ResourceId, number>();
    const via = new Map<ResourceId, ResourceId | undefined>();
    const visiting: ResourceId[] = [];

    const visit = (id: ResourceId): number => {
        const known = depth.get(id);
        if (known !== undefined) {
            return known;
        }
        const at = visiting.indexOf(id);
        if (at >= 0) {
            throw new Error(`dependency cycle: ${[...visiting.slice(at), id].join(" -> ")}`);
        }
        const deps = graph.get(id);
        if (deps === undefined) {
            throw new Error(
                `${visiting[visiting.length - 1] ?? "?"} waits for ${id}, which is not in the graph`,
            );
        }
        visiting.push(id);
        let best: ResourceId | undefined;
        let bestDepth = 0;
        for (const dep of [...deps].sort()) {
            const d = visit(dep);
            if (d > bestDepth) {
                best = dep;
                bestDepth = d;
            }
        }
        visiting.pop();
        depth.set(id, bestDepth + 1);
        via.set(id, best);
        return bestDepth + 1;
    };

    let end: ResourceId | undefined;
    let length = 0;
    for (const id of [...graph.keys()].sort()) {
        const d = visit(id);
        if (d > length) {
            end = id;
            length = d;
        }
    }
    const chain: ResourceId[] = [];
    for (let id = end; id !== undefined; id = via.get(id)) {
        chain.unshift(id);
    }
    return { length, chain };
}

/** A resource as plan.json records it: dependencies by name only. */
export interface PlanEntry {
    readonly type: string;
    readonly name: string;
    readonly dependsOn: readonly string[];
}

/**
 * Differences between registered resources and plan.json (which must agree: the graph is the
 * plan's, with types added to tell apart resources of the same name). Empty when they agree.
 */
export function differencesFromPlan(
    resources: readonly GraphResource[],
    plan: readonly PlanEntry[],
): string[] {
    const problems: string[] = [];
    const registered = new Map(resources.map((r) => [resourceId(r.type, r.name), r]));
    const planned = new Set<ResourceId>();
    for (const p of plan) {
        const id = resourceId(p.type, p.name);
        planned.add(id);
        const r = registered.get(id);
        if (!r) {
            problems.push(`${id} is in plan.json but was not registered`);
            continue;
        }
        const names = r.dependsOn.map((d) => d.slice(d.indexOf("::") + 2)).sort();
        const expected = [...p.dependsOn].sort();
        if (JSON.stringify(names) !== JSON.stringify(expected)) {
            problems.push(
                `${id} waits for ${JSON.stringify(names)} but plan.json says ${JSON.stringify(expected)}`,
            );
        }
    }
    for (const id of registered.keys()) {
        if (!planned.has(id)) {
            problems.push(`${id} was registered but is not in plan.json`);
        }
    }
    return problems;
}
