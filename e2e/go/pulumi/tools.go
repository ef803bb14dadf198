//go:build tools

// Keeps the CLI's main package in go.mod; the build script builds it by import path.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
