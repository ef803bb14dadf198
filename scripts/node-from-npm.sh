#!/usr/bin/env bash
# Puts one exact Node.js release under node_modules/.cache/node-<version>/ and prints the directory
# holding its `node`, to put first on PATH. The binary comes from the npm registry: the
# node-<platform>-<arch> packages ship the official build and, unlike the `node` package, need no
# install script. Run after `npm ci` (which empties node_modules); a second run reuses the copy.
set -euo pipefail
version="${1:?usage: node-from-npm.sh <exact node version, e.g. 26.10.0>}"
cd "$(dirname "$0")/.."

package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
prefix="$PWD/node_modules/.cache/node-$version"
bin="$prefix/node_modules/$package/bin"
if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
    rm -rf "$prefix"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "$package@$version" >&2
fi
[ "$("$bin/node" --version)" = "v$version" ] || { echo "node-from-npm: $package@$version gave no node v$version" >&2; exit 1; }
echo "$bin"
