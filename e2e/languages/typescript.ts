/**
 * The e2e's TypeScript program, the reference the other languages are compared with: an
 * InferencePlatform and two ModelAutoscalers, with the inputs in inputs.json, constructed in this
 * process (as a TypeScript user's program does), run by the real engine as an Automation API
 * inline program:
 *   node -r ts-node/register/transpile-only e2e/languages/typescript.ts <preview|up|destroy> <work dir> <stack> <inputs.json>
 * Prints the operation's summary as one JSON line last (operation.ts).
 */
import * as auto from "@pulumi/pulumi/automation";
import * as fs from "fs";
import { InferencePlatform, ModelAutoscaler } from "../../components";
import { operate } from "../pulumi/operation";
import type { LanguageInputs } from "./shared-inputs";

async function main(): Promise<void> {
    const [op, workDir, stackName, inputsFile] = process.argv.slice(2);
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8")) as LanguageInputs;
    const stack = await auto.LocalWorkspace.createOrSelectStack(
        {
            stackName,
            projectName: "inference-autoscaling-languages",
            program: async () => {
                const platform = new InferencePlatform("platform", inputs.platform as any);
                const outputs: Record<string, unknown> = {};
                for (const name of inputs.order) {
                    const model = new ModelAutoscaler(name, {
                        ...(inputs.models[name] as any),
                        platform: platform.connection,
                    });
                    outputs[`${name}Hpa`] = model.hpaName;
                }
                return outputs;
            },
        },
        { workDir },
    );
    await operate(stack, op);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
});
