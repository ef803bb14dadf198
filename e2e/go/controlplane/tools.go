//go:build tools

// Keeps KWOK's controller in go.mod; the build script builds it by import path.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
