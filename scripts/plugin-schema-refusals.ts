/**
 * Every type the Pulumi schema analyzer refuses, not only the first. The analyzer
 * (@pulumi/pulumi/provider/experimental) throws on the first property it cannot map to the schema;
 * this walks each component's inputs and outputs and runs the analyzer's own per-property analysis
 * on each, descending into an object type whose analysis failed, so every refused leaf is listed
 * with its declaration. It calls the analyzer's private methods (`analyzeSymbol`, `checker`,
 * `program`, `typeDefinitions`): they are the same in 3.248.0 and 3.270.0; a change of the dev pin
 * must check them again.
 */
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import * as path from "path";
import * as ts from "typescript";

type Direction = "input" | "output";

export interface Refusal {
    /** Components whose inputs or outputs reach the refused declaration. */
    components: string[];
    /** Whether components take it as an input, give it as an output, or both. */
    directions: Direction[];
    /** Interface or class and property, as `Type.property`. */
    property: string;
    /** `file:line` of the property's declaration, relative to the package root. */
    where: string;
    /** The analyzer's own message. */
    reason: string;
}

/** The analyzer's internals this walk uses (private in its typings, plain fields at run time). */
interface AnalyzerInternals {
    checker: ts.TypeChecker;
    program: ts.Program;
    typeDefinitions: Record<string, unknown>;
    analyzeSymbol(context: object, symbol: ts.Symbol): unknown;
}

// The analyzer's InputOutput enum: Neither for plain args, Output for class members.
const NEITHER = 0;
const OUTPUT = 2;

/**
 * The interface a failed property leads to, whose own properties are then tried one by one.
 * Classes are not entered: a class is a resource reference (or refused as a whole), never a
 * schema object type.
 */
function objectTypeToDescend(
    checker: ts.TypeChecker,
    type: ts.Type,
): { type: ts.Type; name: string } | undefined {
    let t = checker.getNonNullableType(type);
    const element = checker.isArrayType(t)
        ? checker.getTypeArguments(t as ts.TypeReference)[0]
        : undefined;
    if (element) {
        t = checker.getNonNullableType(element);
    }
    if (t.isUnion() || t.isIntersection() || checker.isArrayType(t)) {
        return undefined;
    }
    const symbol = t.getSymbol();
    const isObjectDeclaration = symbol?.declarations?.some(
        (d) => ts.isInterfaceDeclaration(d) || ts.isTypeLiteralNode(d),
    );
    return symbol && isObjectDeclaration && t.getProperties().length > 0
        ? { type: t, name: symbol.getName() }
        : undefined;
}

/** Lists every refusal for `componentNames`, analysed as the plugin host would name the package `name`. */
export function listRefusals(
    root: string,
    name: string,
    packageJSON: Record<string, unknown>,
    componentNames: string[],
): Refusal[] {
    const analyzer = new Analyzer(
        root,
        name,
        packageJSON,
        new Set(componentNames),
    ) as unknown as AnalyzerInternals;
    const checker = analyzer.checker;
    const found = new Map<string, Refusal>();

    const where = (symbol: ts.Symbol): string => {
        const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
        if (!decl) {
            return "(no declaration)";
        }
        const file = decl.getSourceFile();
        const { line } = file.getLineAndCharacterOfPosition(decl.getStart());
        return `${path.relative(root, file.fileName)}:${line + 1}`;
    };

    const visit = (
        component: string,
        direction: Direction,
        owner: string,
        symbol: ts.Symbol,
        seen: Set<ts.Type>,
    ) => {
        // A failed analysis leaves half-made type definitions behind, which would hide the same
        // type's refusals under another component: every property starts from none.
        analyzer.typeDefinitions = {};
        const context = {
            component,
            inputOutput: direction === "output" ? OUTPUT : NEITHER,
            typeName: owner,
            property: symbol.getName(),
        };
        try {
            analyzer.analyzeSymbol(context, symbol);
            return;
        } catch (err) {
            // Without a declaration there is no type to descend into (the checker would answer
            // its error type): the property is listed as refused itself.
            const declaration = symbol.valueDeclaration;
            const inner = declaration
                ? objectTypeToDescend(
                      checker,
                      checker.getTypeOfSymbolAtLocation(symbol, declaration),
                  )
                : undefined;
            if (inner && !seen.has(inner.type)) {
                for (const property of inner.type.getProperties()) {
                    visit(
                        component,
                        direction,
                        inner.name,
                        property,
                        new Set([...seen, inner.type]),
                    );
                }
                return;
            }
            // One entry per declaration and reason, whichever component and direction reach it.
            const key = `${where(symbol)} ${(err as Error).message.replace(/component '[^']*' \w+ /, "")}`;
            const known = found.get(key);
            if (known) {
                known.components = [...new Set([...known.components, component])];
                known.directions = [...new Set([...known.directions, direction])].sort();
                return;
            }
            found.set(key, {
                components: [component],
                directions: [direction],
                property: `${owner}.${symbol.getName()}`,
                where: where(symbol),
                reason: (err as Error).message,
            });
        }
    };

    for (const file of analyzer.program.getSourceFiles()) {
        if (file.isDeclarationFile || path.relative(root, file.fileName).startsWith("..")) {
            continue;
        }
        file.forEachChild((node) => {
            if (
                !ts.isClassDeclaration(node) ||
                !node.name ||
                !componentNames.includes(node.name.text)
            ) {
                return;
            }
            const component = node.name.text;
            const ctor = node.members.find(ts.isConstructorDeclaration);
            const argsParam = ctor?.parameters.find(
                (p) => ts.isIdentifier(p.name) && p.name.text === "args",
            );
            if (argsParam?.type) {
                const args = checker.getTypeAtLocation(argsParam.type);
                const argsName = args.getSymbol()?.getName();
                for (const property of args.getProperties()) {
                    if (argsName === undefined) {
                        throw new Error(
                            `${component}: the type of its constructor's args (${checker.typeToString(args)}) has no symbol to name its properties by`,
                        );
                    }
                    visit(component, "input", argsName, property, new Set([args]));
                }
            }
            const members = checker.getTypeAtLocation(node).getSymbol()?.members;
            members?.forEach((member) => {
                if ((member.flags & ts.SymbolFlags.Property) === ts.SymbolFlags.Property) {
                    visit(component, "output", component, member, new Set());
                }
            });
        });
    }
    return [...found.values()].sort((a, b) =>
        a.where.localeCompare(b.where, "en", { numeric: true }),
    );
}
