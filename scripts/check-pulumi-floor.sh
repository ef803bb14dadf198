#!/usr/bin/env bash
# The oldest @pulumi/pulumi that package.json's peer range allows: the package's code type-checks
# against it and the components run on its mock runtime, with one copy of the SDK (the provider
# SDKs share it: a second copy would mean the floor is below theirs). Runs in a copy of the
# checkout's files, so node_modules here stays as `npm ci` made it. Needs the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

floor="$(node -p 'require("semver").minVersion(require("./package.json").peerDependencies["@pulumi/pulumi"]).version')"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
# The files git tracks, as they are in the work tree.
git ls-files -z | xargs -0 cp --parents -t "$copy"
cd "$copy"
# The lockfile keeps every other package as it is; no install scripts (nothing here needs bin/).
npm install --no-audit --no-fund --ignore-scripts --save-dev --save-exact "@pulumi/pulumi@$floor" >/dev/null

copies="$(find node_modules -path '*/@pulumi/pulumi/package.json' | sort)"
if [ "$copies" != "node_modules/@pulumi/pulumi/package.json" ] ||
    [ "$(node -p 'require("@pulumi/pulumi/package.json").version')" != "$floor" ]; then
    echo "check-pulumi-floor: expected one @pulumi/pulumi $floor, found:" >&2
    for c in $copies; do echo "  $c $(node -p "require('./$c').version")" >&2; done
    exit 1
fi
npx tsc -p tsconfig.build.json --noEmit
npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 60000 \
    tests/components/inference-autoscaling.test.ts tests/components/model-autoscaler.test.ts
echo "check-pulumi-floor: @pulumi/pulumi $floor type-checks and runs the components"
