# Run by e2e/build.sh in a scratch copy of this directory: writes the two files the provider's
# main embeds, from the schema and mapping its module zip carries (upstream generates them in its
# build and does not commit them). The schema's version is the release this commit is.
set -euo pipefail
src="$(go env GOMODCACHE)/github.com/pulumi/pulumi-kubernetes/provider/v4@$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi-kubernetes/provider/v4)/cmd/pulumi-resource-kubernetes"
go mod download github.com/pulumi/pulumi-kubernetes/provider/v4
node -e '
    const fs = require("fs");
    const [src, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8"));
    schema.version = version;
    fs.writeFileSync("cmd/schema-embed.json", JSON.stringify(schema));
    const mapping = JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"));
    fs.writeFileSync("cmd/terraform-mapping-embed.json", JSON.stringify(mapping));
' "$src" "$(cat cmd/VERSION)"
