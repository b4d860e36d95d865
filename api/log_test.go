package api

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestDebugLogNeverShowsSecretsTokensOrSignatures(t *testing.T) {
	srv := newAPIServer(t)
	srv.answer = func(n int, s seen, w http.ResponseWriter) {
		fmt.Fprintf(w, `{"Response":{"Credentials":{"Token":%q,"TmpSecretId":"AKIDtmp","TmpSecretKey":"tmp-key-secret"},"RequestId":"r%d"}}`, testToken, n)
	}
	var buf lockedBuffer
	log := NewStreamLogger(&buf, LevelDebug)
	var sigs []string
	for _, mode := range []struct{ method, sign string }{{"POST", TC3HMACSHA256}, {"GET", TC3HMACSHA256}, {"GET", HmacSHA1}, {"POST", HmacSHA256}} {
		p := ClientProfile{HTTP: HTTPProfile{Endpoint: srv.URL, Method: mode.method}, SignMethod: mode.sign, Logger: log}
		c, err := NewClient(staticCreds(testToken), "ap-guangzhou", p)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := call(t, c, cvmReq(`{"Limit":1}`))
		if err != nil {
			t.Fatal(err)
		}
		if tc := resp.Signature.TC3; tc != nil {
			sigs = append(sigs, tc.Signature)
		} else {
			sigs = append(sigs, resp.Signature.V1.Signature)
		}
	}
	out := buf.String()
	if !strings.Contains(out, "SendRequest:") || !strings.Contains(out, "GetResponse:") {
		t.Fatalf("no dumps logged:\n%s", out)
	}
	for _, secret := range append([]string{testKey, testToken, testID, "tmp-key-secret"}, sigs...) {
		if strings.Contains(out, secret) {
			t.Errorf("log contains secret %q", secret)
		}
	}
	for _, want := range []string{MaskID(testID), redacted, "Signature=" + redacted} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	line := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ \S+\.go L\d+ DEBUG SendRequest: POST http://`)
	if !line.MatchString(out) {
		t.Errorf("first line not in the Python SDK format: %s", strings.SplitN(out, "\n", 2)[0])
	}
}

func TestLoggerLevelsAndNilLogger(t *testing.T) {
	var buf lockedBuffer
	l := NewStreamLogger(&buf, LevelWarn)
	l.Logf(LevelInfo, "quiet")
	l.Logf(LevelWarn, "loud %d", 1)
	if out := buf.String(); strings.Contains(out, "quiet") || !strings.Contains(out, "WARNING loud 1") {
		t.Errorf("output %q", out)
	}
	var nl *Logger
	nl.Logf(LevelError, "nothing") // must not panic
}

func TestRotatingFileLogger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tcx.log")
	l, err := NewFileLogger(path, LevelInfo, 300, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		l.Logf(LevelInfo, "line %02d %s", i, strings.Repeat("x", 40))
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + ".1", path + ".2"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatalf("missing %s: %v", name, err)
		}
		if st.Size() > 300 {
			t.Errorf("%s is %d bytes, over the 300 limit", name, st.Size())
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Errorf("more backups than configured: %v", err)
	}
	cur, _ := os.ReadFile(path)
	if !strings.Contains(string(cur), "line 39") {
		t.Errorf("newest line not in the current file: %s", cur)
	}
}

func TestRedactHelpers(t *testing.T) {
	auth := "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea"
	if got := RedactAuthorization(auth); got != "TC3-HMAC-SHA256 Credential=AKID…MPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=<redacted>" {
		t.Errorf("RedactAuthorization = %s", got)
	}
	q := "Action=X&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Signature=abc%3D&Token=tok&Limit=1"
	got := RedactQuery(q)
	if strings.Contains(got, "EXAMPLE") || strings.Contains(got, "abc") || strings.Contains(got, "tok") || !strings.Contains(got, "Limit=1") {
		t.Errorf("RedactQuery = %s", got)
	}
	if got := RedactJSON(`{"Token" : "a\"b", "X": "keep"}`); got != `{"Token" : "<redacted>", "X": "keep"}` {
		t.Errorf("RedactJSON = %s", got)
	}
	if RedactHeader("X-TC-Token", "t") != redacted || RedactHeader("X-TC-Action", "A") != "A" {
		t.Error("RedactHeader")
	}
}
