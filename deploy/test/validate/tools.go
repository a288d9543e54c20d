//go:build tools

// Keeps istio.io/api in go.mod: the validator reads the CRDs that module
// ships (kubernetes/customresourcedefinitions.gen.yaml), not its Go code.
package main

import _ "istio.io/api/networking/v1"
