// The layering rules `npm run deps` checks on components/ (part of `npm test`), with
// dependency-cruiser: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
/* global module -- a CommonJS config file, as dependency-cruiser reads it */

/**
 * The floors of components/, lowest first: a file imports from its own floor or below. Each is a
 * path pattern; a file on no floor that imports anything fails the check below, so a new folder
 * is given its floor.
 */
const FLOORS = [
    ["vocabulary", "^components/vocabulary/"],
    ["helpers", "^components/(problems|shape|merge|options|helm-release)\\.ts$"],
    ["clouds", "^components/clouds/"],
    ["settings", "^components/settings/"],
    ["arguments", "^components/args(-shape)?\\.ts$"],
    ["parts", "^components/(capacity|server)/"],
    ["monitoring", "^components/monitoring/"],
    ["scaling", "^components/scaling/"],
    ["per-component", "^components/(platform|model)/"],
    [
        "components",
        "^components/(validation|inference-platform|model-autoscaler|inference-autoscaling|index)\\.ts$",
    ],
];

/** Imports up a floor, each with its reason. */
const UPWARD_ALLOWED = {
    // Type-only: a cloud module checks and reads the platform's own arguments (its cluster block and
    // node pool), which args.ts declares for every cloud.
    clouds: "^components/args\\.ts$",
};

const floorRules = FLOORS.map(([floor, path], i) => ({
    name: `floor-${floor}-imports-nothing-above`,
    severity: "error",
    comment: `components/ is layered (FLOORS in .dependency-cruiser.cjs): ${floor} imports nothing from a floor above it.`,
    from: { path },
    to: {
        path:
            FLOORS.slice(i + 1)
                .map(([, above]) => above)
                .join("|") || "^$",
        ...(UPWARD_ALLOWED[floor] ? { pathNot: UPWARD_ALLOWED[floor] } : {}),
    },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
    forbidden: [
        ...floorRules,
        {
            name: "every-file-on-a-floor",
            severity: "error",
            comment: "A file of components/ on none of the FLOORS: give its folder a floor.",
            from: { path: "^components/", pathNot: FLOORS.map(([, path]) => path).join("|") },
            to: {},
        },
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
            name: "settings-imports-only-lower-floors",
            severity: "error",
            comment:
                "components/settings/ holds the resolved settings every builder reads: it imports only the vocabulary and the clouds' resolved cluster and pool types, never a resolver, a check or a builder.",
            from: { path: "^components/settings/" },
            to: {
                path: "^components/",
                pathNot:
                    "^components/(vocabulary|settings)/|^components/clouds/(types|cluster)\\.ts$",
            },
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
