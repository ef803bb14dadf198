// The layering rules `npm run deps` checks on components/ (part of `npm test`), with
// dependency-cruiser: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
/* global module -- a CommonJS config file, as dependency-cruiser reads it */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
    forbidden: [
        {
            // Type-only imports count: the issue asks for no import cycle, and a type cycle ties two
            // files as a value cycle does (neither can be read, moved or layered without the other),
            // and it turns into a load-order cycle with one edit that drops an `import type`. A shared
            // type moves down into a file of its own instead.
            name: "no-circular",
            severity: "error",
            comment: "An import cycle in components/: move what both sides need into a lower file.",
            from: { path: "^components/" },
            to: { circular: true },
        },
        {
            name: "vocabulary-imports-only-vocabulary",
            severity: "error",
            comment:
                "components/vocabulary/ is the ground floor (names, catalogs, choices): it imports nothing from the rest of components/.",
            from: { path: "^components/vocabulary/" },
            to: { path: "^components/", pathNot: "^components/vocabulary/" },
        },
        {
            name: "product-imports-no-tool",
            severity: "error",
            comment:
                "The package (components/) is what ships: it imports nothing from the tools, tests, programs, simulator and HPA model built on it.",
            from: { path: "^components/" },
            to: {
                path: "^(tools|scripts|harness|tests|bench|e2e|simulator|hpa-model|program|examples)/|^index\\.ts$",
            },
        },
        {
            // Guards the rules above: an import the resolver cannot follow would be left out of
            // every cycle and path they check.
            name: "not-to-unresolvable",
            severity: "error",
            comment:
                "An import dependency-cruiser cannot resolve: the rules above would not see it.",
            from: { path: "^components/" },
            to: { couldNotResolve: true },
        },
    ],
    options: {
        // `import type` and type positions count (see no-circular).
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        doNotFollow: { path: "node_modules" },
    },
};
