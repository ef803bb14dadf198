// Lint for the whole repository (`npm run lint`, part of `npm test`): typescript-eslint's strict
// rules, Pulumi's own rules against Outputs in plain template literals (they need type
// information, hence the project service), and nothing that fights Prettier, which owns layout.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
    { ignores: ["bin/", "out/", "node_modules/", ".charts/", "examples/consumer/node_modules/"] },
    js.configs.recommended,
    tseslint.configs.strict,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // `const { dropped: _dropped, ...kept } = x` is how a field is left out of a copy.
            "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
        },
    },
    {
        // Tests walk parsed YAML/JSON and recorded resource inputs, untyped data whose shape the
        // assertion itself checks, and a missing element fails the test either way. The e2e walks
        // objects read back from a live API server in the same way.
        files: ["tests/**/*.ts", "e2e/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-non-null-assertion": "off",
        },
    },
    {
        // Checks read resolved settings (platform/resolve.ts, model/resolve.ts apply every default
        // once); a `??` in a check is a default applied a second time, out of the resolver's sight.
        files: ["components/**/checks.ts"],
        rules: {
            "no-restricted-syntax": [
                "error",
                {
                    selector: "LogicalExpression[operator='??']",
                    message:
                        "A default in a check: read the resolved setting (resolve.ts applies defaults once).",
                },
            ],
        },
    },
    prettier,
);
