// pulumi-resource-kubernetes built from the provider module. Upstream's own main embeds two files
// its build generates and its git tree ignores (so the module zip lacks them); the e2e build
// script writes them here from the committed schema before building.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping)
}
