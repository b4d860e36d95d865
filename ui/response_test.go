package ui

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/tcx-dev/tcx/api"
)

// TestErrorPanelShowsTheTransportCause: refused, DNS, TLS and timeout all
// have the code ClientError.NetworkError; the cause line tells them apart.
func TestErrorPanelShowsTheTransportCause(t *testing.T) {
	const ep = "http://127.0.0.1:9/"
	wrap := func(err error) error { return &url.Error{Op: "Post", URL: ep, Err: err} }
	for _, tc := range []struct {
		name, msg string
		cause     error
		want      string
	}{
		{"refused", "cannot reach " + ep, wrap(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), "cause: dial tcp: connect: connection refused"},
		{"dns", "cannot reach https://nowhere.invalid/", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true}}), "cause: dial tcp: lookup nowhere.invalid: no such host"},
		{"tls", "cannot reach https://127.0.0.1:9/", wrap(&x509.UnknownAuthorityError{}), "cause: x509: certificate signed by unknown authority"},
		{"timeout", "no complete response within the 1s timeout", wrap(context.DeadlineExceeded), "cause: context deadline exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, 80, 24, true)
			r := errResult(1)
			r.err = &api.Error{Code: api.CodeNetwork, Message: tc.msg, Endpoint: ep, Err: tc.cause}
			m.finish(r)
			s := screenText(m)
			if !strings.Contains(s, tc.want) || !strings.Contains(s, "hint: no response arrived") {
				t.Fatalf("want %q and the hint:\n%s", tc.want, s)
			}
			if strings.Contains(s, `Post "`) {
				t.Errorf("the URL is on the endpoint line, not repeated in the cause:\n%s", s)
			}
		})
	}
}

func TestErrorPanelOmitsACauseTheMessageAlreadySays(t *testing.T) {
	m := newTestModel(t, 80, 24, true)
	r := errResult(1)
	r.err = &api.Error{Code: api.CodeIO, Message: "cannot read the response body: unexpected EOF", Err: errors.New("unexpected EOF")}
	m.finish(r)
	if s := screenText(m); strings.Contains(s, "cause:") {
		t.Fatalf("cause repeated:\n%s", s)
	}
}
