// Package assets holds the data embedded in tcx: the API schema bundle that
// schema/gen generates from tccli's definitions (see docs/schema.md).
package assets

import _ "embed" // for go:embed

// The bundle as immutable strings, so the schema package can slice them
// without copying.
var (
	//go:embed schema/index.bin
	schemaIndex string
	//go:embed schema/versions.bin
	schemaData string
)

// SchemaIndex returns the schema bundle's index (products, versions, action
// names and titles; uncompressed).
func SchemaIndex() string { return schemaIndex }

// SchemaData returns the schema bundle's per-version definitions, each
// deflated separately; the index says where each one is.
func SchemaData() string { return schemaData }
