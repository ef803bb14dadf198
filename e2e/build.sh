#!/usr/bin/env bash
# Builds the e2e's Go programs from the committed wrapper modules in e2e/go/ into a cache outside
# the repository, keyed by everything that goes into them, and reuses a build when its key is
# present. Prints the time of each build and, last, the directory holding the binaries.
#   bash e2e/build.sh            -> all of them
# Only the Go module proxy is contacted (GOFLAGS=-mod=readonly: go.sum pins every module).
set -euo pipefail
cd "$(dirname "$0")/go"
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
CACHE="${E2E_CACHE:-$HOME/.cache/inference-autoscaling-e2e}"
BIN="$CACHE/bin"
mkdir -p "$BIN"

# Each wrapper: its directory, its version ldflags, and the packages it builds. Versions are the
# ones its go.mod pins (read back from it, so the fact lives in go.mod alone).
modver() { (cd "$1" && go list -m -f '{{.Version}}' "$2"); }

build() { # name, dir, ldflags, packages...
    local name=$1 dir=$2 ld=$3
    shift 3
    local key
    key=$( (cd "$dir" && find . -type f ! -name '*-embed.json' | LC_ALL=C sort | xargs sha256sum; go version; echo "$ld $*") |
        sha256sum | cut -c1-16)
    local out="$CACHE/$name-$key"
    if [[ -f "$out/.done" ]]; then
        echo "build $name: cached ($out)" >&2
    else
        local start=$SECONDS work
        work=$(mktemp -d)
        cp -r "$dir/." "$work/"
        if [[ -f "$dir/prepare.sh" ]]; then (cd "$work" && bash prepare.sh); fi
        rm -rf "$out" && mkdir -p "$out"
        (cd "$work" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w $ld" -o "$out/" "$@")
        rm -rf "$work"
        if [[ -f "$out/cmd" ]]; then mv "$out/cmd" "$out/pulumi-resource-kubernetes"; fi
        touch "$out/.done"
        echo "build $name: $((SECONDS - start)) s" >&2
    fi
    for f in "$out"/*; do ln -sf "$f" "$BIN/"; done
}

PULUMI=$(modver pulumi github.com/pulumi/pulumi/pkg/v3)
K8S=$(modver controlplane k8s.io/kubernetes)
K8S_MINOR=$(echo "$K8S" | cut -d. -f2)

build pulumi pulumi "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

build provider provider \
    "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$(cat provider/cmd/VERSION)" ./cmd

build controlplane controlplane \
    "-X k8s.io/component-base/version.gitVersion=$K8S -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$K8S_MINOR -X k8s.io/component-base/version.gitTreeState=clean" \
    . sigs.k8s.io/kwok/cmd/kwok
for name in kube-apiserver kube-controller-manager kube-scheduler etcd; do ln -sf "$(readlink -f "$BIN/controlplane")" "$BIN/$name"; done

build adapter adapter "" sigs.k8s.io/prometheus-adapter/cmd/adapter

# The e2e's Go program (e2e/languages): the Go SDK it drives the CLI with must be the CLI's version.
LANG_SDK=$(modver languages github.com/pulumi/pulumi/sdk/v3)
if [[ "$LANG_SDK" != "$PULUMI" ]]; then
    echo "e2e/go/languages requires the Go SDK $LANG_SDK, the CLI is $PULUMI: make them equal" >&2
    exit 1
fi
build languages languages "" ./inference-program-go

# The e2e's Python program: the Pulumi Python SDK from PyPI at the CLI's version, in a venv kept
# beside the builds (keyed by that version and the machine's Python).
PY_SDK=${PULUMI#v}
venv="$CACHE/python-pulumi-$PY_SDK-$(python3 -c 'import platform; print(platform.python_version())')"
if [[ -f "$venv/.done" ]]; then
    echo "python sdk: cached ($venv)" >&2
else
    start=$SECONDS
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pulumi==$PY_SDK" >&2
    touch "$venv/.done"
    echo "python sdk: pulumi $PY_SDK in $((SECONDS - start)) s" >&2
fi
# A script, not a link: Python finds its venv from the path it was started by.
printf '#!/bin/sh\nexec "%s/bin/python" "$@"\n' "$venv" >"$BIN/python-pulumi"
chmod +x "$BIN/python-pulumi"

echo "$BIN"
