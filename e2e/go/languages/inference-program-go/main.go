// The e2e's Go program: an InferencePlatform and two ModelAutoscalers from Go, with the inputs in
// e2e/languages/inputs.json, run by the real engine as an Automation API inline program (the
// module proxy serves no Go language host):
//
//	inference-program-go <preview|up|destroy> <work dir> <stack> <inputs.json>
//
// The components are registered as remote components, as the SDK that `pulumi package add` would
// generate does; the engine runs the package's plugin for them. Prints the operation's summary as
// one JSON line last.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	// Registers the Helm Release type, so the connection's releases come back as resources (a
	// generated SDK imports the Kubernetes SDK: schema.json refers to its types). v4.33.0: the
	// newest the module proxy serves (the npm pin, 4.34.2, is not).
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type inputs struct {
	Platform map[string]interface{}            `json:"platform"`
	Models   map[string]map[string]interface{} `json:"models"`
	// Model names in the order they are made.
	Order []string `json:"order"`
}

type platform struct {
	pulumi.ResourceState
	Connection pulumi.AnyOutput `pulumi:"connection"`
}

type model struct {
	pulumi.ResourceState
	HpaName pulumi.StringOutput `pulumi:"hpaName"`
}

func props(values map[string]interface{}) pulumi.Map {
	out := pulumi.Map{}
	for k, v := range values {
		out[k] = pulumi.Any(v)
	}
	return out
}

func program(in inputs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		var p platform
		if err := ctx.RegisterRemoteComponentResource(
			"inference-autoscaling:index:InferencePlatform", "platform", props(in.Platform), &p); err != nil {
			return err
		}
		for _, name := range in.Order {
			args := props(in.Models[name])
			args["platform"] = p.Connection
			var m model
			if err := ctx.RegisterRemoteComponentResource(
				"inference-autoscaling:index:ModelAutoscaler", name, args, &m); err != nil {
				return err
			}
			ctx.Export(name+"Hpa", m.HpaName)
		}
		return nil
	}
}

func run() error {
	if len(os.Args) != 5 {
		return fmt.Errorf("usage: inference-program-go <preview|up|destroy> <work dir> <stack> <inputs.json>")
	}
	op, dir, stackName, file := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var in inputs
	if err := json.Unmarshal(raw, &in); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "inference-autoscaling-languages", program(in), auto.WorkDir(dir))
	if err != nil {
		return err
	}
	var changes interface{}
	switch op {
	case "preview":
		r, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stdout), optpreview.Diff())
		if err != nil {
			return err
		}
		changes = r.ChangeSummary
	case "up":
		r, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		if err != nil {
			return err
		}
		changes = r.Summary.ResourceChanges
	case "destroy":
		r, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout))
		if err != nil {
			return err
		}
		changes = r.Summary.ResourceChanges
	default:
		return fmt.Errorf("unknown operation %s", op)
	}
	summary, err := json.Marshal(map[string]interface{}{"changes": changes})
	if err != nil {
		return err
	}
	fmt.Println(string(summary))
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
