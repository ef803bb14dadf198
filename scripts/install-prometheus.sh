#!/usr/bin/env bash
# Installs Prometheus and promtool (Debian's `prometheus` package) for the rule and pipeline tests.
# Does nothing when both are already on PATH (from any source: Homebrew, a tarball, Debian), so it
# needs root or sudo only where it installs. Used by .ci/run and the README's test command.
set -euo pipefail

# The package's maintainer scripts would start a Prometheus
# daemon on :9090; a policy-rc.d that denies every start is in place during the install
# (an existing one is put back afterwards), and Recommends (node-exporter, another daemon) are skipped.
install_prometheus() {
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    policy=/usr/sbin/policy-rc.d
    backup=""
    if [ -e "$policy" ]; then
        backup="$(mktemp)"
        $sudo cp -p "$policy" "$backup"
    fi
    restore_policy() {
        if [ -n "$backup" ]; then
            $sudo mv "$backup" "$policy"
        else
            $sudo rm -f "$policy"
        fi
    }
    trap restore_policy EXIT
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus
    restore_policy
    trap - EXIT
}
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
    if ! command -v apt-get >/dev/null; then
        # Not Debian or Ubuntu: any Prometheus 2.x or 3.x on PATH will do (macOS: brew install prometheus).
        echo "prometheus and promtool are not on PATH, and there is no apt-get to install them:" >&2
        echo "install Prometheus (it ships both; on macOS: brew install prometheus) and run again" >&2
        exit 1
    fi
    install_prometheus
fi
promtool --version | head -n 1

