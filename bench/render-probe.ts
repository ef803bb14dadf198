/**
 * Preload for one offline program run, loaded after ts-node:
 *
 *   node -r ts-node/register/transpile-only -r bench/render-probe.ts scripts/render.ts --stack S --out DIR --plan-only
 *
 * When the process exits it writes a ProbeReport as JSON to $BENCH_PROBE_OUT: its peak RSS and CPU time, which
 * @pulumi packages it loaded (files per package), which first-party files imported cloud SDK
 * modules, and every resource the program registered with its parent and dependencies as
 * `type::name` ids (plan.json keeps names only, and names repeat across types).
 *
 * With BENCH_PROBE_ROOTS=1 it first requires the cloud SDKs' root modules, to measure the program
 * as if it imported `@pulumi/aws`, `@pulumi/gcp` and `@pulumi/azure-native` instead of submodules.
 */
import * as fs from "fs";
import * as path from "path";
import { GraphResource, resourceIdFromUrn } from "./dependency-graph";
import { CLOUD_SDKS, ProbeReport } from "./probe-report";

const REPO_ROOT = path.resolve(__dirname, "..");
const out = process.env.BENCH_PROBE_OUT;
const cloudImports: ProbeReport["cloudImports"] = [];
const resources: GraphResource[] = [];

if (out) {
    // Who imports cloud SDK modules: hook the loader for requests from first-party files.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- patching Module._load needs the real CommonJS module object; an `import * as` compiles to a copy, and assigning to it would not hook the loader
    const Module = require("module") as {
        _load: (
            request: string,
            parent: { filename?: string } | undefined,
            isMain: boolean,
        ) => unknown;
    };
    const load = Module._load;
    const seen = new Set<string>();
    const cloud = new RegExp(`^(${CLOUD_SDKS.join("|")})(/|$)`);
    Module._load = function (request, parent, isMain) {
        const from = parent?.filename;
        if (
            cloud.test(request) &&
            from &&
            !from.includes(`${path.sep}node_modules${path.sep}`) &&
            from !== __filename
        ) {
            const key = `${from}\0${request}`;
            if (!seen.has(key)) {
                seen.add(key);
                cloudImports.push({ from: path.relative(REPO_ROOT, from), request });
            }
        }
        return load.call(this, request, parent, isMain);
    };

    // What the program registers: the mock monitor sees every registration with full URNs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when probing ($BENCH_PROBE_OUT set); a top-level import would load Pulumi's runtime into the process whether or not it is probed
    const mocks = require("@pulumi/pulumi/runtime/mocks") as {
        MockMonitor: {
            prototype: { registerResource(req: RegisterRequest, cb: unknown): unknown };
        };
    };
    const register = mocks.MockMonitor.prototype.registerResource;
    mocks.MockMonitor.prototype.registerResource = function (req, cb) {
        resources.push({
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() ? resourceIdFromUrn(req.getParent()) : undefined,
            dependsOn: req.getDependenciesList().map(resourceIdFromUrn).sort(),
        });
        return register.call(this, req, cb);
    };

    if (process.env.BENCH_PROBE_ROOTS === "1") {
        for (const sdk of CLOUD_SDKS) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the SDK roots on request is what is being measured (BENCH_PROBE_ROOTS=1)
            require(sdk);
        }
    }

    process.on("exit", () => {
        const pulumi: Record<string, number> = {};
        const files = Object.keys(require.cache);
        for (const file of files) {
            const parts = file.split(path.sep);
            const at = parts.lastIndexOf("@pulumi");
            if (at > 0 && parts[at - 1] === "node_modules" && parts[at + 1]) {
                const pkg = `@pulumi/${parts[at + 1]}`;
                pulumi[pkg] = (pulumi[pkg] ?? 0) + 1;
            }
        }
        const usage = process.resourceUsage();
        const report: ProbeReport = {
            maxRssKb: usage.maxRSS,
            cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
            modules: { total: files.length, pulumi },
            cloudImports,
            resources,
        };
        fs.writeFileSync(out, JSON.stringify(report));
    });
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getParent(): string;
    getDependenciesList(): string[];
}
