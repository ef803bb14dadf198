/**
 * Runs Pulumi programs offline under `pulumi.runtime.setMocks` and records what they register:
 * each resource's type, name, parent, explicit dependencies and inputs. Shared by the offline
 * render (`npm run render`) and the tests, so both observe the same plan.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

/**
 * The engine runs as `pulumi preview` does (dry run): outputs a resource gets only when created
 * (an ARN, a generated name) are unknown, and so is every input computed from them; the resource
 * waits for the one that produces them, which `dependsOn` shows.
 */

/** One registered resource, as a reviewer reads it in plan.json. */
export interface PlannedResource {
    type: string;
    name: string;
    /** Name of the parent resource; undefined for the stack's direct children. */
    parent?: string;
    /**
     * Names of the resources this one waits for: its `dependsOn` and the resources whose outputs
     * feed its inputs. This is the deploy-time dependency graph.
     */
    dependsOn: string[];
    /** Inputs as registered; secrets stay wrapped (see `isSecret`). */
    inputs: Record<string, unknown>;
    /** Earlier identities it takes over, as `type::name` (name defaults to its own); only when set. */
    aliases?: string[];
    /** Set when a replacement deletes the old object before creating the new one. */
    deleteBeforeReplace?: true;
    /** Inputs whose changes the engine ignores, keeping what the stack has; only when set. */
    ignoreChanges?: string[];
}

/** Canned results for provider functions (`getX` invokes), keyed by function token. */
export type InvokeMocks = Record<
    string,
    (args: Record<string, unknown>) => Record<string, unknown>
>;

export interface MockEngineOptions {
    project: string;
    stack: string;
    /** Stack config, keys in `namespace:key` form, values as the CLI passes them (strings). */
    config?: Record<string, string>;
    secretKeys?: string[];
    invokes?: InvokeMocks;
}

export interface MockEngine {
    readonly resources: PlannedResource[];
    /** Resolves once every registration the program started has reached the engine. */
    settle(): Promise<void>;
}

/** Last segment of a URN: the resource's name. */
function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** True for a value the engine holds as a Pulumi secret. */
export function isSecret(value: unknown): boolean {
    return rpc.isRpcSecret(value);
}

/**
 * Installs the mock engine for one program run. Call again to start a fresh run: earlier
 * registrations are forgotten and config is replaced.
 */
export function startMockEngine(options: MockEngineOptions): MockEngine {
    const resources: PlannedResource[] = [];
    pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);
    pulumi.runtime.setMocks(
        {
            newResource: (args) => ({
                id: args.custom ? `${args.name}-id` : "",
                state: { ...args.inputs },
            }),
            call: (args) => {
                const mock = options.invokes?.[args.token];
                if (!mock) {
                    throw new Error(`no offline result for provider function ${args.token}`);
                }
                return mock(args.inputs);
            },
        },
        options.project,
        options.stack,
        true,
    );
    // Wrap the mock monitor: the mocks API sees inputs but not parents or dependencies.
    const monitor = settings.getMonitor() as unknown as {
        registerResource: (req: RegisterRequest, cb: unknown) => unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const aliases = req
            .getAliasesList()
            .map(
                (a) =>
                    `${a.getSpec()?.getType() || req.getType()}::${a.getSpec()?.getName() || req.getName()}`,
            );
        resources.push({
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() ? urnName(req.getParent()) : undefined,
            dependsOn: req.getDependenciesList().map(urnName).sort(),
            inputs: rpc.deserializeProperties(req.getObject()) as Record<string, unknown>,
            ...(aliases.length > 0 ? { aliases } : {}),
            ...(req.getDeletebeforereplace() ? { deleteBeforeReplace: true as const } : {}),
            ...(req.getIgnorechangesList().length > 0
                ? { ignoreChanges: req.getIgnorechangesList() }
                : {}),
        });
        return register(req, cb);
    };
    return {
        resources,
        settle: async () => {
            // Internal to the SDK (stripped from its typings), but it is the SDK's own way to drain.
            await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        },
    };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getObject(): Parameters<typeof rpc.deserializeProperties>[0];
    getAliasesList(): { getSpec(): { getType(): string; getName(): string } | undefined }[];
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
}
