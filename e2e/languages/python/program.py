"""The e2e's Python program: an InferencePlatform and two ModelAutoscalers from Python, with the
inputs in e2e/languages/inputs.json, run by the real engine as an Automation API inline program
(the module proxy serves no Python language host):

    python program.py <preview|up|destroy> <work dir> <stack> <inputs.json>

The components are registered as remote components, as the SDK that `pulumi package add` would
generate does; the engine runs the package's plugin for them. Prints the operation's summary as one
JSON line last.
"""

import json
import sys

import pulumi
# Registers the Kubernetes resource types, so the connection's Helm releases come back as
# resources (a generated SDK imports it: schema.json refers to its types).
import pulumi_kubernetes  # noqa: F401
from pulumi import automation as auto


class Remote(pulumi.ComponentResource):
    """A component the package's plugin constructs; `outputs` become attributes, as in a generated SDK."""

    def __init__(self, type_, name, inputs, outputs, opts=None):
        super().__init__(type_, name, {**inputs, **{o: None for o in outputs}}, opts, remote=True)


def program(inputs):
    def run():
        platform = Remote(
            "inference-autoscaling:index:InferencePlatform", "platform", inputs["platform"], ["connection"]
        )
        for name in inputs["order"]:
            model = Remote(
                "inference-autoscaling:index:ModelAutoscaler",
                name,
                {**inputs["models"][name], "platform": platform.connection},
                ["hpaName"],
            )
            pulumi.export(name + "Hpa", model.hpaName)

    return run


def main():
    op, work_dir, stack_name, inputs_file = sys.argv[1:]
    with open(inputs_file, encoding="utf-8") as f:
        inputs = json.load(f)
    stack = auto.create_or_select_stack(
        stack_name=stack_name,
        project_name="inference-autoscaling-languages",
        program=program(inputs),
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    if op == "preview":
        changes = stack.preview(on_output=print, color="never", diff=True).change_summary
    elif op == "up":
        changes = stack.up(on_output=print, color="never").summary.resource_changes
    elif op == "destroy":
        changes = stack.destroy(on_output=print, color="never").summary.resource_changes
    else:
        raise SystemExit(f"unknown operation {op}")
    print(json.dumps({"changes": {str(k): v for k, v in (changes or {}).items()}}))


if __name__ == "__main__":
    try:
        main()
    except auto.errors.CommandError as e:
        print(str(e), file=sys.stderr)
        sys.exit(1)
