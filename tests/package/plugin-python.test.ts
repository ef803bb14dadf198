/**
 * examples/plugin-python (a Pulumi Python program using the package as a plugin) checked against
 * the committed schema.json, as far as this machine allows without a Pulumi CLI or Python SDK:
 * __main__.py compiles, and tests/support/python-program.py reads it with `ast` into plain data
 * that tests/support/schema-check.ts checks with Python's names (Pulumi's snake_case of the
 * schema's): known kwargs of the right types, required inputs given, outputs passed and exported
 * that exist with the right types, config values declared, the Kubernetes provider in `providers`.
 * Not checked: the generated SDK itself (its module, signatures, TypedDicts) and running it.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../harness/repo-root";
import { SCHEMA_FILE } from "../../scripts/plugin-schema";
import { check, Checker, inputsSpec, pythonName, Schema, Spec } from "../support/schema-check";

interface PythonResource {
    module: string;
    class: string;
    name: string;
    args: Record<string, unknown>;
    opts: { providers?: unknown } | null;
}
/** What tests/support/python-program.py prints. */
interface PythonProgram {
    imports: Record<string, string>;
    config: Record<string, string>;
    resources: Record<string, PythonResource>;
    exports: Record<string, unknown>;
}

const DIR = path.join(REPO_ROOT, "examples", "plugin-python");
const MAIN = path.join(DIR, "__main__.py");
const READER = path.join(REPO_ROOT, "tests", "support", "python-program.py");

function readProgram(file: string): PythonProgram {
    return JSON.parse(execFileSync("python3", [READER, file], { encoding: "utf8" }));
}

/** The module Pulumi's Python codegen names the package's SDK. */
function sdkModule(schema: Schema): string {
    return `pulumi_${schema.name.replace(/-/g, "_")}`;
}

/** The schema token of a resource of the package's SDK; other packages' get a token the schema lacks. */
function token(schema: Schema, r: PythonResource): string {
    return r.module === sdkModule(schema)
        ? `${schema.name}:index:${r.class}`
        : `${r.module}:${r.class}`;
}

/** A checker with Python's names; config types are the ones Pulumi.yaml declares. */
function pythonChecker(
    schema: Schema,
    program: PythonProgram,
    config: Record<string, Spec>,
): Checker {
    const resources = Object.fromEntries(
        Object.entries(program.resources).map(([v, r]) => [v, { type: token(schema, r) }]),
    );
    return { schema, program: { config, resources }, name: pythonName };
}

/** Problems with each resource's inputs and with its `providers` option (a kubernetes Provider). */
function problems(schema: Schema, program: PythonProgram, c: Checker): string[] {
    return Object.entries(program.resources)
        .filter(([, r]) => r.module === sdkModule(schema))
        .flatMap(([v, r]) => {
            const providers = r.opts?.providers;
            const kubernetes = (p: unknown) => {
                const ref = typeof p === "string" ? p.match(/^\$\{(\w+)\}$/) : null;
                const target = ref ? program.resources[ref[1]] : undefined;
                return target?.module === "pulumi_kubernetes" && target.class === "Provider";
            };
            const opts =
                Array.isArray(providers) && providers.some(kubernetes)
                    ? []
                    : [`${v}: opts has no providers=[<kubernetes Provider>]`];
            return [...check(c, v, r.args, inputsSpec(schema, token(schema, r))), ...opts];
        });
}

/** The declared config type a `pulumi.Config` getter reads (get/require, _secret, _int, ...). */
function getterTypes(getter: string): string[] {
    const kind = getter.replace(/^(get|require)(_secret)?_?/, "");
    return (
        {
            "": ["string"],
            int: ["integer"],
            float: ["number"],
            bool: ["boolean"],
            object: ["array", "object"],
        }[kind] ?? []
    );
}

describe("examples/plugin-python (Pulumi Python, against schema.json)", () => {
    const schema: Schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    const project = yaml.load(fs.readFileSync(path.join(DIR, "Pulumi.yaml"), "utf8")) as {
        runtime: { name: string; options?: Record<string, string> };
        packages?: Record<string, string>;
        config?: Record<string, Spec>;
    };
    const config = project.config ?? {};
    // Read when first needed, so a program that does not parse fails the tests, not the run.
    let read: { program: PythonProgram; checker: Checker } | undefined;
    const example = () => {
        if (!read) {
            const program = readProgram(MAIN);
            read = { program, checker: pythonChecker(schema, program, config) };
        }
        return read;
    };

    it("names properties as Pulumi's Python codegen does (PyName)", () => {
        const cases: Record<string, string> = {
            gpusPerNode: "gpus_per_node",
            k8sProvider: "k8s_provider",
            prometheusUrl: "prometheus_url",
            diskSizeGb: "disk_size_gb",
            HTTPServer: "http_server",
            SHA256Hash: "sha256_hash",
            GetPublicIPs: "get_public_ips",
            lambda: "lambda_",
            "app.kubernetes.io": "app_kubernetes_io",
        };
        expect(Object.fromEntries(Object.keys(cases).map((k) => [k, pythonName(k)]))).to.deep.equal(
            cases,
        );
        // No two properties of one object may meet in one Python name.
        const objects = [
            ...Object.values(schema.resources).flatMap((r) => [r.inputProperties, r.properties]),
            ...Object.values(schema.types).map((t) => t.properties ?? {}),
        ];
        const clashes = objects.flatMap((o) =>
            Object.keys(o).filter((k, _, all) =>
                all.some((j) => j !== k && pythonName(j) === pythonName(k)),
            ),
        );
        expect(clashes).to.deep.equal([]);
    });

    it("takes the package from this repository through `packages:`, with the SDK versions the schema references", () => {
        expect(project.runtime.name).to.equal("python");
        expect(project.runtime.options?.virtualenv).to.be.a("string");
        expect(project.packages).to.deep.equal({ [schema.name]: "../.." });
        expect(fs.existsSync(path.resolve(DIR, "../..", "PulumiPlugin.yaml"))).to.equal(true);
        const requirements = fs
            .readFileSync(path.join(DIR, "requirements.txt"), "utf8")
            .split("\n")
            .map((l) => l.trim());
        const kubernetes = schema.dependencies?.find((d) => d.name === "kubernetes")?.version;
        expect(requirements).to.include.members([
            "pulumi>=3,<4",
            `pulumi-kubernetes==${kubernetes}`,
        ]);
    });

    it("compiles (python3 -m py_compile)", () => {
        // The bytecode goes to a temporary directory, not a __pycache__ in the example.
        const env = {
            ...process.env,
            PYTHONPYCACHEPREFIX: fs.mkdtempSync(path.join(os.tmpdir(), "pycache-")),
        };
        execFileSync("python3", ["-m", "py_compile", MAIN], { env, stdio: "pipe" });
    });

    it("imports the generated SDK and uses both components through it, one platform, each one the schema has", () => {
        const { program } = example();
        expect(Object.values(program.imports)).to.include(sdkModule(schema));
        const types = Object.values(program.resources)
            .filter((r) => r.module === sdkModule(schema))
            .map((r) => token(schema, r));
        expect(types).to.include.members([
            "inference-autoscaling:index:InferencePlatform",
            "inference-autoscaling:index:ModelAutoscaler",
        ]);
        expect(types.filter((t) => !schema.resources[t])).to.deep.equal([]);
        // One platform per cluster: an InferenceAutoscaling brings its own, so beside an
        // InferencePlatform on the same provider it would be a second metrics server.
        expect(
            types.filter((t) => /:(InferencePlatform|InferenceAutoscaling)$/.test(t)),
            "platforms in the program",
        ).to.deep.equal(["inference-autoscaling:index:InferencePlatform"]);
    });

    it("gives each component known inputs by their Python names, of the schema's types, its required inputs and the Kubernetes provider", () => {
        const { program, checker } = example();
        expect(problems(schema, program, checker)).to.deep.equal([]);
    });

    it("reads only config values Pulumi.yaml declares, with getters of their types (secrets as secrets)", () => {
        const { program } = example();
        const wrong = Object.entries(program.config).filter(
            ([key, getter]) =>
                !config[key] ||
                !getterTypes(getter).includes(config[key].type!) ||
                (config[key].secret && !getter.includes("secret")),
        );
        expect(wrong).to.deep.equal([]);
    });

    it("exports outputs the components have, by their Python names", () => {
        const { program, checker } = example();
        const wrong = Object.entries(program.exports).flatMap(([key, value]) =>
            check(checker, `export ${key}`, value, { $ref: "pulumi.json#/Any" }),
        );
        expect(wrong).to.deep.equal([]);
        expect(Object.keys(program.exports)).to.have.lengthOf.above(0);
    });

    it("would catch a wrong enum value, an unknown kwarg, a camelCase key and a missing provider", () => {
        const file = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "plugin-python-")),
            "__main__.py",
        );
        fs.writeFileSync(
            file,
            [
                "import pulumi",
                "import pulumi_inference_autoscaling as ia",
                'platform = ia.InferencePlatform("platform", cloud="openstack")',
                'chat = ia.ModelAutoscaler("chat", platform=platform.connection, replicas=2,',
                '    server={"namespace": "n", "deploymentName": "d", "pod_labels": {"app.kubernetes.io/name": "d", "tierName": "x"}})',
                'pulumi.export("hpa", chat.hpaName)',
            ].join("\n"),
        );
        const bad = readProgram(file);
        const c = pythonChecker(schema, bad, {});
        expect(problems(schema, bad, c)).to.deep.equal([
            'platform.cloud: "openstack" is not one of gke, eks, aks, generic',
            "platform: opts has no providers=[<kubernetes Provider>]",
            "chat.replicas: not a known property",
            "chat.server.deployment_name: required",
            "chat.server.deploymentName: not a known property",
            "chat: opts has no providers=[<kubernetes Provider>]",
        ]);
        expect(check(c, "export hpa", bad.exports.hpa, { $ref: "pulumi.json#/Any" })).to.deep.equal(
            [
                "export hpa: chat (inference-autoscaling:index:ModelAutoscaler) has no output hpaName",
            ],
        );
    });

    it("refuses a program it cannot read whole, rather than skip part of it", () => {
        const file = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "plugin-python-")),
            "__main__.py",
        );
        fs.writeFileSync(
            file,
            'import pulumi_inference_autoscaling as ia\nfor n in ["a", "b"]:\n    ia.ModelAutoscaler(n)\n',
        );
        expect(() => execFileSync("python3", [READER, file], { stdio: "pipe" })).to.throw(
            /line 2: a statement this reader does not follow/,
        );
    });
});
