#!/usr/bin/env bash
# npm run e2e: builds the Go programs (the only step that needs the module proxy), then runs every
# step inside a new network, mount and PID namespace: no route out, its own /etc/hosts, and every
# process it starts dies with it, whatever fails.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
if E2E_BIN=$(bash e2e/build.sh); then
    export E2E_BUILD="ok:$((SECONDS - start)) s"
else
    export E2E_BUILD="failed after $((SECONDS - start)) s"
fi
export E2E_BIN
user=()
if [ "$(id -u)" -ne 0 ]; then user=(--user --map-root-user); fi
exec unshare "${user[@]}" --net --mount --pid --fork --kill-child --mount-proc \
    node -r ts-node/register/transpile-only e2e/main.ts
