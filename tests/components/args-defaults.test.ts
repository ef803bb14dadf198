/**
 * Every "Defaults to X" in the arguments' JSDoc (the API docs users read) is the default the code
 * applies: each documented default is read from components/args.ts with the TypeScript parser and
 * compared with what `resolvePlatform` / `resolveModel` make of arguments that leave it out.
 * Conditional defaults ("Defaults to true with `nodePool`", "... on GKE") and prose defaults ("the
 * cluster's default class") are not single values and are skipped, listed by the test.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { resolveModel } from "../../components/model/resolve";
import { connectionOf, resolvePlatform } from "../../components/platform/resolve";
import { backendsReading } from "../../components/vocabulary/backends";
import type { InferencePlatformArgs } from "../../components";
import { REPO_ROOT } from "../../harness/plan";

interface Documented {
    path: string;
    text: string;
}

/** Each field's JSDoc, by dotted path from `root`, following fields whose type is another interface of the file. */
function documentedFields(root: string): Documented[] {
    const file = path.join(REPO_ROOT, "components", "args.ts");
    const source = ts.createSourceFile(
        file,
        fs.readFileSync(file, "utf8"),
        ts.ScriptTarget.ES2022,
        true,
    );
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    source.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n)) {
            interfaces.set(n.name.text, n);
        }
    });
    const out: Documented[] = [];
    const walk = (name: string, prefix: string) => {
        const decl = interfaces.get(name);
        const members = decl ? [...decl.members] : [];
        for (const base of decl?.heritageClauses?.flatMap((h) => h.types) ?? []) {
            walk(base.expression.getText(), prefix);
        }
        for (const m of members.filter(ts.isPropertySignature)) {
            const field = `${prefix}${m.name.getText()}`;
            const doc = ts
                .getJSDocCommentsAndTags(m)
                .map((d) => (ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? "") : ""))
                .join(" ");
            out.push({ path: field, text: doc.replace(/\s+/g, " ") });
            const typeName = m.type?.getText().replace(/^NonNullable<|>$/g, "");
            if (typeName && interfaces.has(typeName)) {
                walk(typeName, `${field}.`);
            } else if (m.type && ts.isTypeLiteralNode(m.type)) {
                for (const inner of m.type.members.filter(ts.isPropertySignature)) {
                    const innerDoc = ts
                        .getJSDocCommentsAndTags(inner)
                        .map((d) =>
                            ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? "") : "",
                        )
                        .join(" ");
                    out.push({
                        path: `${field}.${inner.name.getText()}`,
                        text: innerDoc.replace(/\s+/g, " "),
                    });
                }
            }
        }
    };
    walk(root, "");
    return out;
}

/** The documented default as a value, or undefined when it is conditional or prose. */
function documentedDefault(text: string): { value: unknown } | undefined {
    const m = /Defaults to (`[^`]+`|true|false|-?\d+(?:\.\d+)?)( s\b)?([^.;,(]*)/.exec(text);
    if (
        !m ||
        /\b(with|on|in|when|where|for|unless|if|elsewhere)\b/.test(m[3]) ||
        /^\s*\+/.test(m[3])
    ) {
        return undefined;
    }
    const raw = m[1].replace(/^`|`$/g, "");
    if (raw === "true" || raw === "false") {
        return { value: raw === "true" };
    }
    if (/^-?\d+(\.\d+)?$/.test(raw) && !m[1].startsWith("`")) {
        return { value: Number(raw) };
    }
    try {
        return { value: JSON.parse(raw) };
    } catch {
        return /^[^\s{[]+$/.test(raw) ? { value: raw } : undefined;
    }
}

/** Where a default lands in the resolved settings, when not at the argument's own path. */
const RESOLVED_AT: Record<string, string> = {
    "gpuNodes.nodeSelector": "gpuNodeSelector",
    "server.deploy.createNamespace": "server.deploy.createNamespace",
};

const lookup = (value: unknown, dotted: string) =>
    dotted
        .split(".")
        .reduce<unknown>(
            (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
            value,
        );

describe("the arguments' documented defaults are the defaults applied", () => {
    // A default that depends on the cloud or the backend shows only where it differs, so every
    // cloud runs with its default backend and with KEDA.
    const CLUSTERS: Record<string, InferencePlatformArgs> = {
        eks: { cloud: "eks", eks: { clusterName: "c", subnetIds: ["s"] } },
        aks: { cloud: "aks", aks: { resourceGroupName: "rg", clusterName: "c" } },
        gke: {
            cloud: "gke",
            gke: { project: "p", location: "us-central1", clusterName: "c" },
        },
        generic: {},
    };
    for (const [cloud, cluster] of Object.entries(CLUSTERS)) {
        for (const backend of [undefined, "keda" as const]) {
            it(`InferencePlatform on ${cloud}, ${backend ?? "its default backend"}: every single-value 'Defaults to' in its JSDoc`, () => {
                const args = {
                    ...cluster,
                    ...(backend ? { backend } : {}),
                    ...(cloud === "generic"
                        ? {}
                        : { nodePool: { accelerator: "nvidia-t4" as const } }),
                    dcgmExporter: {
                        install: false,
                        existing: { namespace: "gpu", podLabels: { app: "dcgm" } },
                    },
                };
                const resolved = resolvePlatform("p", args);
                const checked = compare(documentedFields("InferencePlatformArgs"), resolved, args);
                expect(checked).to.include.members([
                    "prometheus.retention",
                    "createMonitoringNamespace",
                    "dcgmExporter.existing.port",
                    "alerts",
                    ...(cloud === "generic" ? [] : ["nodePool.maxNodes"]),
                ]);
            });
        }
    }

    // A model's defaults read its platform's settings (alerts, GPU nodes, the HPA's name): on
    // every cloud's platform, under each backend the cloud's default collection takes.
    for (const [cloud, cluster] of Object.entries(CLUSTERS)) {
        const collection = resolvePlatform("p", cluster).collection;
        for (const backend of backendsReading(collection)) {
            it(`ModelAutoscaler on ${cloud}, ${backend}: every single-value 'Defaults to' in its JSDoc`, () => {
                const args = {
                    server: {
                        namespace: "n",
                        deploymentName: "d",
                        podLabels: { app: "x" },
                        deploy: {},
                    },
                };
                const platform = connectionOf(resolvePlatform("p", { ...cluster, backend }));
                const resolved = resolveModel("m", args, platform);
                const checked = compare(documentedFields("ModelAutoscalerArgs"), resolved, args);
                expect(checked).to.include.members([
                    "server.metricsPort",
                    "server.deploy.image",
                    "autoscaling.maxReplicas",
                    "keda.cooldownPeriodSeconds",
                    "keda.fallback.enabled",
                    "keda.fallback.failureThreshold",
                    "keda.fallback.behavior",
                ]);
            });
        }
    }
});

/** Compares each documented default the arguments leave out; returns the paths compared. */
function compare(fields: Documented[], resolved: unknown, given: unknown): string[] {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const f of fields) {
        const doc = documentedDefault(f.text);
        if (!doc || lookup(given, f.path) !== undefined) {
            continue;
        }
        const actual = lookup(resolved, RESOLVED_AT[f.path] ?? f.path);
        if (actual === undefined) {
            continue; // not a setting of the resolved config (e.g. a pass-through value)
        }
        checked.push(f.path);
        // Quantities are strings in the code and look like numbers in the docs (`2` CPUs).
        const same =
            JSON.stringify(actual) === JSON.stringify(doc.value) ||
            (typeof actual === "string" && actual === String(doc.value));
        if (!same) {
            problems.push(
                `${f.path}: the JSDoc says ${JSON.stringify(doc.value)}, the code applies ${JSON.stringify(actual)}`,
            );
        }
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
    return checked;
}
