/**
 * Every Pulumi language, for real, as far as this machine allows: the same InferencePlatform and
 * two ModelAutoscalers (inputs.json) from TypeScript (constructed in its own process), Python and
 * Go (remote components, constructed by the package's plugin, which the engine runs). Each program
 * runs `preview` and `up` on the e2e's control plane; the objects Python and Go make must equal
 * TypeScript's, and a bad input must fail with the same field error in each. docs/usage.md, "Using
 * the package from Python, Go, C# and YAML", says what is not run here and why.
 */
import * as fs from "fs";
import * as path from "path";
import { ControlPlane } from "../cluster/control-plane";
import { OperationResult, PulumiEnv, runOperation } from "../pulumi/project";
import { Step } from "../steps";
import { summarise } from "../summary";
import { badInputs, INPUTS_FILE, LanguageInputs } from "./shared-inputs";
import { differences, liveObjects, LiveObjects, madeSince } from "./live-objects";

export interface LanguagesContext {
    cluster: ControlPlane;
    env: PulumiEnv;
}

/** How each language's program is started (its arguments follow: op, work dir, stack, inputs). */
const PROGRAMS: Record<string, (bin: string) => string[]> = {
    typescript: () => [
        process.execPath,
        "-r",
        "ts-node/register/transpile-only",
        path.join(__dirname, "typescript.ts"),
    ],
    python: (bin) => [
        path.join(bin, "python-pulumi"),
        path.join(__dirname, "python", "program.py"),
    ],
    go: (bin) => [path.join(bin, "inference-program-go")],
};

/** Where the engine finds the package's plugin for the remote components. */
const LAUNCHER = path.join(__dirname, "launcher");

/** The field named in the bad input's error, and everything the message says after it. */
const FIELD_ERROR = /autoscaling\.metrics\[0\]\.name[^\n]*/;

async function operation(
    ctx: LanguagesContext,
    language: string,
    op: string,
    inputsFile: string,
    stack = `languages-${language}`,
): Promise<OperationResult> {
    const dir = path.join(ctx.env.dir, "languages", stack);
    fs.mkdirSync(dir, { recursive: true });
    return runOperation(
        ctx.env,
        `${stack}-${op}`,
        [...PROGRAMS[language](ctx.env.bin), op, dir, stack, inputsFile],
        [LAUNCHER],
    );
}

/** Runs the bad input's preview and returns its field error, which must be there. */
async function fieldError(
    ctx: LanguagesContext,
    language: string,
    badFile: string,
): Promise<string> {
    const r = await operation(ctx, language, "preview", badFile, `languages-${language}-bad`);
    const found = FIELD_ERROR.exec(fs.readFileSync(r.log, "utf8"))?.[0].trim();
    if (r.ok || !found) {
        throw new Error(
            `${language}: the bad input's preview ${r.ok ? "passed" : "failed without the field error"} (log: ${r.log})`,
        );
    }
    return found;
}

export function languageSteps(context: () => LanguagesContext): Step[] {
    let badFile = "";
    let before: LiveObjects | undefined;
    let reference: LiveObjects | undefined;
    let referenceError = "";

    /** preview, up, the objects made, destroy. */
    const runLanguage = async (language: string): Promise<{ made: LiveObjects; notes: string }> => {
        const ctx = context();
        const preview = summarise(await operation(ctx, language, "preview", INPUTS_FILE));
        const up = summarise(await operation(ctx, language, "up", INPUTS_FILE));
        const made = madeSince(before!, liveObjects(ctx.cluster.kube));
        summarise(await operation(ctx, language, "destroy", INPUTS_FILE));
        return { made, notes: `preview ${preview}; up ${up}; ${made.size} objects` };
    };

    const compared = (language: string) => ({
        name: `program-${language}`,
        needs: ["program-typescript"],
        run: async () => {
            const error = await fieldError(context(), language, badFile);
            if (error !== referenceError) {
                throw new Error(
                    `${language}'s field error "${error}" is not TypeScript's "${referenceError}"`,
                );
            }
            const { made, notes } = await runLanguage(language);
            const problems = differences(reference!, made, language);
            if (problems.length > 0) {
                throw new Error(
                    `${problems.length} differences from TypeScript: ${problems.slice(0, 10).join("; ")}`,
                );
            }
            return `${notes}, equal to TypeScript's; the bad input refused with the same error`;
        },
    });

    return [
        {
            name: "program-typescript",
            needs: ["upgrade"],
            run: async () => {
                const ctx = context();
                badFile = path.join(ctx.env.dir, "languages", "inputs-bad.json");
                fs.mkdirSync(path.dirname(badFile), { recursive: true });
                fs.writeFileSync(badFile, JSON.stringify(badInputs() satisfies LanguageInputs));
                referenceError = await fieldError(ctx, "typescript", badFile);
                before = liveObjects(ctx.cluster.kube);
                const { made, notes } = await runLanguage("typescript");
                reference = made;
                return `${notes}; the bad input refused: ${referenceError}`;
            },
        },
        compared("python"),
        compared("go"),
    ];
}
