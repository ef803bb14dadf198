#!/usr/bin/env bash
# Throwaway certificates for one e2e run, written to $1: the cluster CA (API server serving cert,
# admin client), the front-proxy CA (the aggregator's client cert, which prometheus-adapter checks),
# the service-account key pair, and a CA for the chart repository's HTTPS server.
#   bash e2e/cluster/pki.sh <dir> <apiserver-ip> <service-ip> <chart-host>...
set -euo pipefail
dir=$1 apiserver_ip=$2 service_ip=$3
shift 3
mkdir -p "$dir" && cd "$dir"
ca() { openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" -keyout "$1.key" -out "$1.crt" 2>/dev/null; }
cert() { # name, ca, subject, extensions
    openssl req -newkey rsa:2048 -nodes -subj "$3" -keyout "$1.key" -out "$1.csr" 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 2 \
        -extfile <(printf '%s\n' "$4") -out "$1.crt" 2>/dev/null
    rm "$1.csr"
}
ca ca e2e-cluster-ca
ca front-proxy-ca e2e-front-proxy-ca
ca charts-ca e2e-charts-ca
cert apiserver ca /CN=kube-apiserver \
    "subjectAltName=IP:127.0.0.1,IP:$apiserver_ip,IP:$service_ip,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
cert admin ca "/O=system:masters/CN=e2e-admin" "extendedKeyUsage=clientAuth"
cert front-proxy-client front-proxy-ca /CN=front-proxy-client "extendedKeyUsage=clientAuth"
sans=$(printf 'DNS:%s,' "$@")
cert charts charts-ca /CN=e2e-charts "subjectAltName=${sans%,}
extendedKeyUsage=serverAuth"
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
