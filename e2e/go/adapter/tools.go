//go:build tools

// Keeps prometheus-adapter's main package in go.mod; the build script builds it by import path.
package tools

import _ "sigs.k8s.io/prometheus-adapter/cmd/adapter"
