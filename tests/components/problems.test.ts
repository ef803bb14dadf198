/**
 * Kubernetes quantities: a bad one (`500ms` of CPU, `10GB` of memory) passes Pulumi's preview and
 * is refused by the API server at `up`, so the component checks the ones a user gives, and every
 * quantity in what each shipped stack installs (the component's objects and the charts') parses.
 */
import { expect } from "chai";
import { findInputProblems } from "../../components";
import { KUBERNETES_QUANTITY } from "../../components/problems";
import { shippedStacks } from "../../harness/plan";
import { renderedStack } from "../../harness/rendered-stack";
import { baseArgs } from "../mocks";

const deployed = (deploy: Record<string, unknown>) =>
    baseArgs({ server: { ...baseArgs().server, deploy } });

/** `path = value` of every resource amount under `value`: requests, limits, sizeLimit, storage. */
function quantities(value: unknown, at = ""): [string, unknown][] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => quantities(v, `${at}[${i}]`));
    }
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => {
        const here = `${at}.${k}`;
        if (/\.(requests|limits|capacity)$/.test(at) || k === "sizeLimit") {
            return typeof v === "object" ? quantities(v, here) : [[here, v] as [string, unknown]];
        }
        return quantities(v, here);
    });
}

describe("Kubernetes quantities", () => {
    it("refuses a CPU or memory that is not a quantity, naming the field, the value and the form", () => {
        const problems = findInputProblems("test", deployed({ cpu: "500ms", memory: "10GB" }));
        expect(problems).to.deep.include({
            propertyPath: "server.deploy.cpu",
            reason:
                'server.deploy.cpu is "500ms"; it must be a Kubernetes quantity above zero such as "2": a number ' +
                "with an optional suffix (m for thousandths; k, M, G, T for powers of 1000; Ki, Mi, Gi, Ti for powers of 1024)",
        });
        expect(problems.map((p) => p.propertyPath)).to.include("server.deploy.memory");
        expect(findInputProblems("test", deployed({ cpu: "0" })).map((p) => p.reason)).to.satisfy(
            (r: string[]) => r.some((x) => x.startsWith('server.deploy.cpu is "0"')),
        );
    });

    it("accepts the forms the API server accepts", () => {
        for (const [cpu, memory] of [
            ["500m", "10Gi"],
            ["2", "16G"],
            ["1.5", "12e9"],
            [".5", "8192Mi"],
        ]) {
            expect(
                findInputProblems("test", deployed({ cpu, memory })),
                `${cpu} ${memory}`,
            ).to.deep.equal([]);
        }
    });

    for (const stack of shippedStacks()) {
        it(`stack ${stack}: every quantity the component and the charts write parses`, function () {
            this.timeout(120_000);
            // CRDs only describe resources in their schemas.
            const objects = renderedStack(stack).cluster.filter(
                (e) => e.kind !== "CustomResourceDefinition",
            );
            const checked = objects.flatMap((e) => quantities(e.object));
            expect(checked.length, "quantities found").to.be.greaterThan(5);
            const bad = objects.flatMap((entry) =>
                quantities(entry.object)
                    .filter(([, v]) => !KUBERNETES_QUANTITY.test(String(v)))
                    .map(([at, v]) => `${entry.kind} ${entry.name}${at} = ${JSON.stringify(v)}`),
            );
            expect(bad.join("\n")).to.equal("");
        });
    }
});
