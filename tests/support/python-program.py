"""Reads a Pulumi Python program with `ast`, without running it (no Pulumi SDK here), and prints
as JSON what tests/plugin-python.test.ts checks against schema.json: the modules it imports, the
config values it reads (key -> getter), the resources it creates (variable -> module, class,
name, kwargs, opts) and the stack outputs it exports.

Kwargs become JSON: literals as they are; a resource (`cluster`), one of its outputs
(`platform.connection`) or a config value (`config.require("x")`, or a variable holding one)
become `${cluster}`, `${platform.connection}`, `${x}`, the references tests/support/schema-check.ts
understands. Anything else (loops, functions, computed values) is refused rather than skipped,
so nothing goes unchecked silently.

Usage: python3 python-program.py PROGRAM.py
"""
import ast
import json
import sys


class Refused(Exception):
    pass


class Program:
    def __init__(self):
        self.imports = {}  # alias -> module
        self.config_objects = set()  # variables holding pulumi.Config()
        self.values = {}  # variable -> its JSON value (config references, shared literals)
        self.config = {}  # config key -> getter
        self.resources = {}
        self.exports = {}

    def refuse(self, node, what):
        raise Refused(f"line {node.lineno}: {what} ({ast.unparse(node)})")

    def dotted(self, node):
        """`a.b.c` as ["a", "b", "c"], or None."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.insert(0, node.attr)
            node = node.value
        return [node.id, *parts] if isinstance(node, ast.Name) else None

    def config_read(self, call):
        """The key of `config.<getter>("key")`, recording the getter; None if not one."""
        path = self.dotted(call.func)
        if not (path and len(path) == 2 and path[0] in self.config_objects):
            return None
        if len(call.args) != 1 or not isinstance(call.args[0], ast.Constant) or call.keywords:
            self.refuse(call, "a config read takes one literal key")
        key = call.args[0].value
        self.config[key] = path[1]
        return key

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            return -node.operand.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
                self.refuse(node, "dict keys must be literal strings")
            return {k.value: self.value(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Name) and node.id in self.values:
            return self.values[node.id]
        path = self.dotted(node)
        if path and path[0] in self.resources:
            return "${" + ".".join(path) + "}"
        if isinstance(node, ast.Call):
            key = self.config_read(node)
            if key is not None:
                return "${" + key + "}"
            if self.dotted(node.func) == ["pulumi", "ResourceOptions"]:
                return self.kwargs(node)
        self.refuse(node, "not a literal, a resource output or a config value")

    def kwargs(self, call):
        if any(k.arg is None for k in call.keywords):
            self.refuse(call, "**kwargs cannot be checked")
        return {k.arg: self.value(k.value) for k in call.keywords}

    def resource(self, var, call):
        """A call `<imported module>[.sub].Class("name", **kwargs)`: a resource, or None."""
        path = self.dotted(call.func)
        if not (path and len(path) >= 2 and path[0] in self.imports and self.imports[path[0]] != "pulumi"):
            return None
        if len(call.args) != 1 or not isinstance(call.args[0], ast.Constant):
            self.refuse(call, "a resource takes its name as the one positional argument")
        args = self.kwargs(call)
        self.resources[var or call.args[0].value] = {
            "module": ".".join([self.imports[path[0]], *path[1:-1]]),
            "class": path[-1],
            "name": call.args[0].value,
            "opts": args.pop("opts", None),
            "args": args,
            "line": call.lineno,
        }
        return True

    def statement(self, node):
        if isinstance(node, ast.Import):
            for a in node.names:
                self.imports[a.asname or a.name] = a.name
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            pass  # a docstring
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if self.dotted(call.func) == ["pulumi", "export"]:
                if len(call.args) != 2 or not isinstance(call.args[0], ast.Constant):
                    self.refuse(call, "pulumi.export takes a literal name and a value")
                self.exports[call.args[0].value] = self.value(call.args[1])
            elif not self.resource(None, call):
                self.refuse(call, "an unknown call")
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            var, value = node.targets[0].id, node.value
            if isinstance(value, ast.Call) and self.dotted(value.func) == ["pulumi", "Config"] and not value.args:
                self.config_objects.add(var)
            elif not (isinstance(value, ast.Call) and self.resource(var, value)):
                self.values[var] = self.value(value)
        else:
            self.refuse(node, "a statement this reader does not follow")


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    program = Program()
    try:
        for node in tree.body:
            program.statement(node)
    except Refused as e:
        sys.exit(f"{path}: {e}")
    print(json.dumps({k: getattr(program, k) for k in ("imports", "config", "resources", "exports")}, indent=1))


main()
