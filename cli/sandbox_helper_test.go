package cli

import (
	"context"
	"testing"

	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
)

// testSandbox runs a sandbox with the embedded schema on a free loopback
// port for the test and returns its URL; it stops when the test ends.
func testSandbox(t *testing.T) string {
	t.Helper()
	reg, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, u, err := sandbox.Start(ctx, "127.0.0.1:0", sandbox.Options{Registry: reg})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = srv.Close() })
	return u
}
