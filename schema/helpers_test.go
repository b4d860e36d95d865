package schema

import "github.com/tcx-dev/tcx/assets"

func embeddedIndex() string { return assets.SchemaIndex() }
