/**
 * Switching `backend` in one `pulumi up`, both ways, on every stack: the plan of each transition
 * is the stack rendered before and after. Pulumi creates what is new before it deletes what is
 * gone, so an object both renders hold must keep its owner (else: AlreadyExists, or a Helm
 * ownership conflict), except where the new resource replaces the old one and deletes it first.
 * A ScaledObject may only be created once every HPA on its Deployment is gone (KEDA's webhook),
 * and KEDA's HPA never takes the name of the component's (garbage collection races the create).
 */
import { expect } from "chai";
import { PlannedResource } from "../../../harness/mock-engine";
import { shippedStacks } from "../../../harness/plan";
import {
    ClusterEntry,
    KEDA_BACKEND,
    RenderedStack,
    renderedStack,
} from "../../../harness/rendered-stack";

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: any };

const groupOf = (apiVersion: string) =>
    apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "core";
const keyOf = (e: ClusterEntry) =>
    `${groupOf(e.object.apiVersion)}/${e.kind}/${e.namespace ?? ""}/${e.name}`;
const identity = (r: PlannedResource) => `${r.type}::${r.name}`;

/** The Pulumi resource (component objects) or Helm release that makes an object. */
function ownerOf(
    rendered: RenderedStack,
    e: ClusterEntry,
): { label: string; resource?: PlannedResource } {
    if (e.source !== "component") {
        return { label: `release ${e.source}` };
    }
    const resource = rendered.plan.find((r) => {
        const o = r.inputs as Partial<Obj>;
        return (
            o.kind === e.kind &&
            o.metadata?.name === e.name &&
            (o.metadata?.namespace ?? undefined) === (e.namespace ?? undefined)
        );
    });
    return {
        label: resource ? identity(resource) : `component object ${e.kind} ${e.name}`,
        resource,
    };
}

/** True when `next` takes over `prev`'s state and deletes its object before creating its own. */
function replacesFirst(
    next: PlannedResource | undefined,
    prev: PlannedResource | undefined,
): boolean {
    return (
        !!next &&
        !!prev &&
        next.parent === prev.parent &&
        next.deleteBeforeReplace === true &&
        (next.aliases ?? []).includes(identity(prev))
    );
}

/** What goes wrong going from `before` to `after` in one update; empty when nothing does. */
export function transitionProblems(before: RenderedStack, after: RenderedStack): string[] {
    const problems: string[] = [];
    const old = new Map(before.cluster.map((e) => [keyOf(e), e]));
    for (const e of after.cluster) {
        const prev = old.get(keyOf(e));
        if (!prev) {
            continue;
        }
        const [was, is] = [ownerOf(before, prev), ownerOf(after, e)];
        if (was.label !== is.label && !replacesFirst(is.resource, was.resource)) {
            problems.push(
                `${keyOf(e)} is made by ${was.label} before and by ${is.label} after: the create meets the old object`,
            );
        }
    }
    const autoscalers = (r: RenderedStack, kind: string) =>
        r.plan
            .filter((p) => (p.inputs as Partial<Obj>).kind === kind)
            .map((p) => ({ p, o: p.inputs as unknown as Obj }));
    const kedaHpaName = (so: Obj) =>
        so.spec?.advanced?.horizontalPodAutoscalerConfig?.name ?? `keda-hpa-${so.metadata.name}`;
    // Every HPA that will run, with the resource that makes it (KEDA's: its ScaledObject's).
    const hpasOf = (r: RenderedStack) => [
        ...autoscalers(r, "HorizontalPodAutoscaler").map(({ p, o }) => ({
            p,
            name: o.metadata.name,
            ns: o.metadata.namespace,
            target: o.spec.scaleTargetRef.name,
        })),
        ...autoscalers(r, "ScaledObject").map(({ p, o }) => ({
            p,
            name: kedaHpaName(o),
            ns: o.metadata.namespace,
            target: o.spec.scaleTargetRef.name,
        })),
    ];
    const hpasBefore = hpasOf(before);
    for (const { p, o } of autoscalers(after, "ScaledObject")) {
        for (const hpa of hpasBefore.filter(
            (h) =>
                h.ns === o.metadata.namespace &&
                h.target === o.spec.scaleTargetRef.name &&
                h.p.type !== p.type,
        )) {
            if (!replacesFirst(p, hpa.p)) {
                problems.push(
                    `ScaledObject ${o.metadata.name} is created while HPA ${hpa.name} still scales ${hpa.target}: KEDA's webhook refuses it`,
                );
            }
        }
    }
    for (const hpa of hpasOf(after)) {
        const same = hpasBefore.find(
            (h) => h.ns === hpa.ns && h.name === hpa.name && h.p.type !== hpa.p.type,
        );
        if (same) {
            problems.push(
                `HPA ${hpa.name} is made by ${identity(same.p)} before and by ${identity(hpa.p)} after: its create races the old one's deletion`,
            );
        }
    }
    return problems;
}

describe("switching backend in one update, both ways", function () {
    this.timeout(600_000);
    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            const byDefault = () => renderedStack(stack);
            const withKeda = () => renderedStack(stack, KEDA_BACKEND);

            it("to KEDA: the HPA goes before the ScaledObject comes, and no object changes owner", () => {
                expect(transitionProblems(byDefault(), withKeda())).to.deep.equal([]);
            });

            it("from KEDA: the ScaledObject goes before the HPA comes, and no object changes owner", () => {
                expect(transitionProblems(withKeda(), byDefault())).to.deep.equal([]);
            });

            it("from KEDA: its CRDs stay (kept by Helm), so no other ScaledObject in the cluster goes with the release", () => {
                const crds = withKeda().cluster.filter(
                    (e) => e.kind === "CustomResourceDefinition" && e.name.endsWith("keda.sh"),
                );
                expect(crds.length, "KEDA's chart installs its CRDs").to.be.above(3);
                const notKept = crds
                    .filter(
                        (e) =>
                            e.object.metadata.annotations?.["helm.sh/resource-policy"] !== "keep",
                    )
                    .map((e) => e.name);
                expect(notKept).to.deep.equal([]);
            });
        });
    }

    it("catches a ScaledObject that does not replace the HPA first, and an HPA name KEDA reuses", () => {
        const before = renderedStack(shippedStacks()[0]);
        const after = renderedStack(shippedStacks()[0], KEDA_BACKEND);
        const careless: RenderedStack = {
            ...after,
            plan: after.plan.map((r) => {
                if ((r.inputs as Partial<Obj>).kind !== "ScaledObject") {
                    return r;
                }
                const spec = (r.inputs as any).spec;
                const hpaName = before.plan.find(
                    (p) => (p.inputs as Partial<Obj>).kind === "HorizontalPodAutoscaler",
                )!.inputs as any;
                const inputs = {
                    ...r.inputs,
                    spec: {
                        ...spec,
                        advanced: {
                            horizontalPodAutoscalerConfig: { name: hpaName.metadata.name },
                        },
                    },
                };
                return { ...r, inputs, aliases: undefined, deleteBeforeReplace: undefined };
            }),
        };
        const problems = transitionProblems(before, careless);
        expect(
            problems.some((p) => p.includes("KEDA's webhook refuses it")),
            problems.join("\n"),
        ).to.equal(true);
        expect(
            problems.some((p) => p.includes("races the old one's deletion")),
            problems.join("\n"),
        ).to.equal(true);
    });
});
