package reliability

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/sandbox"
)

// target is where one fault case sends its request and how.
type target struct {
	endpoint string
	args     []string          // extra flags
	env      map[string]string // over the sandbox credentials
	// check runs after the command, for what the output cannot show
	// (how many requests the server saw).
	check func(t *testing.T, r result)
}

// faultCase is one row of the fault matrix (docs/reliability.md).
type faultCase struct {
	name   string
	setup  func(t *testing.T) target
	code   int
	stderr []string // fragments the user must see on stderr
	stdout []string // fragments on stdout (successful cases)
	absent []string // fragments that must not appear anywhere
}

const okEnvelope = `{"Response":{"TotalCount":1,"ZoneSet":[{"Zone":"ap-guangzhou-3","ZoneState":"AVAILABLE"}],"RequestId":"rid-fault-ok"}}`

func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return b.Bytes()
}

func faultCases() []faultCase {
	sbxWith := func(f ...sandbox.Fault) func(t *testing.T) target {
		return func(t *testing.T) target { return target{endpoint: startSandbox(t, sbxOptions{faults: f}).URL} }
	}
	serve := func(status int, header map[string]string, body []byte) func(t *testing.T) target {
		return func(t *testing.T) target {
			return target{endpoint: httpServer(t, func(w http.ResponseWriter, _ *http.Request) {
				for k, v := range header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(status)
				_, _ = w.Write(body)
			})}
		}
	}
	tlsSandbox := func(t *testing.T) *sbx { return startSandbox(t, sbxOptions{tls: true}) }
	localhost := func(u string) string { return strings.Replace(u, "127.0.0.1", "localhost", 1) }
	skewed := func(skew time.Duration) func(t *testing.T) target {
		return func(t *testing.T) target {
			s := startSandbox(t, sbxOptions{})
			s.clock.Set(skew)
			return target{endpoint: s.URL}
		}
	}
	proxy407 := func(t *testing.T) string {
		return httpServer(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusProxyAuthRequired)
			fmt.Fprint(w, "<html><body>407 Proxy Authentication Required</body></html>")
		})
	}
	counted := func(t *testing.T, s *sbx, want int64) func(*testing.T, result) {
		return func(t *testing.T, _ result) {
			t.Helper()
			if n := s.requests.Load(); n != want {
				t.Errorf("the server saw %d requests, want %d", n, want)
			}
		}
	}
	return []faultCase{
		{
			name:   "connection refused",
			setup:  func(t *testing.T) target { return target{endpoint: refusedEndpoint(t)} },
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "cannot reach http://127.0.0.1:", "connection refused", "hint:      no response arrived"},
		},
		{
			name:   "DNS failure",
			setup:  func(*testing.T) target { return target{endpoint: "https://" + unresolvableHost} },
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "cannot reach https://" + unresolvableHost + "/", "lookup " + unresolvableHost, "no such host"},
			absent: []string{":53:"}, // "lookup x on 10.…:53: …" would mean a query left the machine
		},
		{
			name:   "TLS unknown CA",
			setup:  func(t *testing.T) target { return target{endpoint: tlsSandbox(t).URL} },
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "certificate signed by unknown authority"},
		},
		{
			name:   "TLS unknown CA with --insecure",
			setup:  func(t *testing.T) target { return target{endpoint: tlsSandbox(t).URL, args: []string{"--insecure"}} },
			code:   0,
			stdout: []string{`"ZoneSet"`, `"RequestId"`},
		},
		{
			name: "TLS unknown CA trusted with --ca-bundle",
			setup: func(t *testing.T) target {
				s := tlsSandbox(t)
				return target{endpoint: s.URL, args: []string{"--ca-bundle", s.ca}}
			},
			code:   0,
			stdout: []string{`"ZoneSet"`},
		},
		{
			name: "TLS wrong host name",
			setup: func(t *testing.T) target {
				s := tlsSandbox(t)
				return target{endpoint: localhost(s.URL), args: []string{"--ca-bundle", s.ca}}
			},
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "not localhost"},
		},
		{
			name: "TLS wrong host name with --insecure",
			setup: func(t *testing.T) target {
				return target{endpoint: localhost(tlsSandbox(t).URL), args: []string{"--insecure"}}
			},
			code:   0,
			stdout: []string{`"ZoneSet"`},
		},
		{
			name: "server hangs past the timeout",
			setup: func(t *testing.T) target {
				return target{endpoint: startSandbox(t, sbxOptions{faults: []sandbox.Fault{{Kind: sandbox.FaultHang}}}).URL, args: []string{"--timeout", "1"}}
			},
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "no complete response within the 1s timeout"},
		},
		{
			name:   "connection reset before the answer",
			setup:  sbxWith(sandbox.Fault{Kind: sandbox.FaultReset}),
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "cannot reach http://127.0.0.1:"},
		},
		{
			name: "connection reset mid-response",
			setup: func(t *testing.T) target {
				return target{endpoint: rawServer(t, func(c *net.TCPConn) {
					fmt.Fprint(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n")
					fmt.Fprint(c, `{"Response":{"RequestId":"rid-cut","ZoneSet":[{"Zone":"ap-gu`)
					_ = c.SetLinger(0) // RST instead of FIN
				})}
			},
			code:   3,
			stderr: []string{"error: ClientError.IOError", "cannot read the response body", `{\"Response\":{\"RequestId\":\"rid-cut\"`},
		},
		{
			name: "server stalls mid-body past the timeout",
			setup: func(t *testing.T) target {
				return target{endpoint: rawServer(t, func(c *net.TCPConn) {
					fmt.Fprint(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n")
					fmt.Fprint(c, `{"Response":{"RequestId":"rid-stall",`)
					_, _ = c.Read(make([]byte, 1)) // until the client gives up and closes
				}), args: []string{"--timeout", "1"}}
			},
			code:   3,
			stderr: []string{"error: ClientError.IOError", "cannot read the response body", "Client.Timeout", "rid-stall"},
		},
		{
			name: "HTTP 302 redirect is not followed",
			setup: func(t *testing.T) target {
				var followed atomic.Int64
				elsewhere := httpServer(t, func(w http.ResponseWriter, _ *http.Request) {
					followed.Add(1)
					fmt.Fprint(w, okEnvelope)
				})
				ep := httpServer(t, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, elsewhere+"/", http.StatusFound)
				})
				return target{endpoint: ep, check: func(t *testing.T, _ result) {
					if n := followed.Load(); n != 0 {
						t.Errorf("the redirect was followed %d times: a signed request went to another host", n)
					}
				}}
			},
			code:   3,
			stderr: []string{"error: ClientError.HttpStatusCodeError", "HTTP status 302 Found", "HTTP:      302"},
		},
		{
			name:   "200 with an HTML page",
			setup:  serve(200, map[string]string{"Content-Type": "text/html"}, []byte("<html><body>Please log in to the Wi-Fi</body></html>")),
			code:   3,
			stderr: []string{"error: ClientError.ParseJsonError", "got an HTML page instead of JSON (a proxy, captive portal or wrong endpoint?)"},
		},
		{
			name:   "200 with an empty body",
			setup:  serve(200, map[string]string{"Content-Type": "application/json"}, nil),
			code:   3,
			stderr: []string{"error: ClientError.ParseJsonError", "empty response body"},
		},
		{
			name:   "HTTP 502 with an HTML body",
			setup:  sbxWith(sandbox.Fault{Kind: sandbox.FaultHTML, Status: 502}),
			code:   3,
			stderr: []string{"error: ClientError.HttpStatusCodeError", "HTTP status 502 Bad Gateway with an HTML page", "HTTP:      502", "body:      \"<"},
		},
		{
			name:   "HTTP 503 with an HTML body",
			setup:  sbxWith(sandbox.Fault{Kind: sandbox.FaultHTML, Status: 503}),
			code:   3,
			stderr: []string{"error: ClientError.HttpStatusCodeError", "HTTP status 503 Service Unavailable with an HTML page", "HTTP:      503"},
		},
		{
			name:   "200 with truncated JSON",
			setup:  serve(200, map[string]string{"Content-Type": "application/json"}, []byte(`{"Response":{"RequestId":"rid-trunc","ZoneSet":[{"Zone":"ap-gu`)),
			code:   3,
			stderr: []string{"error: ClientError.ParseJsonError", "response JSON is cut off after 62 bytes", `rid-trunc`},
		},
		{
			name:   "200 with non-envelope JSON",
			setup:  serve(200, map[string]string{"Content-Type": "application/json"}, []byte(`{"data":{"zones":[]},"ok":true}`)),
			code:   3,
			stderr: []string{"error: ClientError.ParseJsonError", `response JSON has no "Response" object: is the endpoint an API 3.0 host?`},
		},
		{
			name:   "gzip body with Content-Encoding",
			setup:  serve(200, map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, gzipped(okEnvelope)),
			code:   0,
			stdout: []string{`"Zone": "ap-guangzhou-3"`, `"RequestId": "rid-fault-ok"`},
		},
		{
			name:   "gzip body without Content-Encoding",
			setup:  serve(200, map[string]string{"Content-Type": "application/json"}, gzipped(okEnvelope)),
			code:   0,
			stdout: []string{`"Zone": "ap-guangzhou-3"`},
		},
		{
			name:   "corrupt gzip body",
			setup:  serve(200, map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, gzipped(okEnvelope)[:30]),
			code:   3,
			stderr: []string{"error: ClientError.IOError", "cannot read the response body"},
		},
		{
			name:   "RequestLimitExceeded without retries",
			setup:  sbxWith(sandbox.Fault{Kind: sandbox.FaultRateLimit}),
			code:   1,
			stderr: []string{"error: RequestLimitExceeded", "RequestId: ", "hint:      rate limited: slow down or enable retries"},
		},
		{
			name: "RequestLimitExceeded retried until it passes",
			setup: func(t *testing.T) target {
				s := startSandbox(t, sbxOptions{
					faults: []sandbox.Fault{{Kind: sandbox.FaultRateLimit}},
					after: func(s *sbx, n int64) {
						if n == 1 {
							_ = s.SetFaults(nil)
						}
					},
				})
				return target{endpoint: s.URL, args: []string{"--retries", "2"}, check: counted(t, s, 2)}
			},
			code:   0,
			stdout: []string{`"ZoneSet"`},
		},
		{
			name: "RequestLimitExceeded retried and still limited",
			setup: func(t *testing.T) target {
				s := startSandbox(t, sbxOptions{faults: []sandbox.Fault{{Kind: sandbox.FaultRateLimit}}})
				return target{endpoint: s.URL, args: []string{"--retries", "1"}, check: counted(t, s, 2)}
			},
			code:   1,
			stderr: []string{"error: RequestLimitExceeded"},
		},
		{
			name: "InternalError is not retried",
			setup: func(t *testing.T) target {
				s := startSandbox(t, sbxOptions{faults: []sandbox.Fault{{Kind: sandbox.FaultInternalError}}})
				return target{endpoint: s.URL, args: []string{"--retries", "2"}, check: counted(t, s, 1)}
			},
			code:   1,
			stderr: []string{"error: InternalError", "RequestId: "},
		},
		{
			name:   "SignatureExpire, local clock 10 minutes behind",
			setup:  skewed(10 * time.Minute),
			code:   1,
			stderr: []string{"error: AuthFailure.SignatureExpire", "hint:      your clock is 10 minutes off from the server's"},
		},
		{
			name:   "SignatureExpire, local clock 7 minutes ahead",
			setup:  skewed(-7 * time.Minute),
			code:   1,
			stderr: []string{"error: AuthFailure.SignatureExpire", "hint:      your clock is 7 minutes off from the server's"},
		},
		{
			name:   "expired temporary token",
			setup:  expiredToken,
			code:   1,
			stderr: []string{"error: AuthFailure.TokenFailure", "The temporary credential expired at", "hint:      the session token is wrong or expired: refresh temporary credentials"},
		},
		{
			name: "HTTP proxy answers 407",
			setup: func(t *testing.T) target {
				return target{endpoint: "http://cvm.tcx-test.invalid", args: []string{"--proxy", proxy407(t)}}
			},
			code:   3,
			stderr: []string{"error: ClientError.HttpStatusCodeError", "HTTP status 407 Proxy Authentication Required", "HTTP:      407"},
			absent: []string{"lookup cvm.tcx-test.invalid"},
		},
		{
			name: "HTTPS_PROXY answers 407 to CONNECT",
			setup: func(t *testing.T) target {
				return target{endpoint: "https://cvm.tcx-test.invalid", env: map[string]string{"HTTPS_PROXY": proxy407(t)}}
			},
			code:   3,
			stderr: []string{"error: ClientError.NetworkError", "Proxy Authentication Required", "hint:      no response arrived: check the endpoint, proxy settings and network"},
			absent: []string{"lookup cvm.tcx-test.invalid"},
		},
	}
}

// expiredToken gets temporary credentials from the sandbox's STS with `tcx
// call sts AssumeRole` (one second long), then moves the sandbox's clock a
// minute on: the signature is still in time, the token is not.
func expiredToken(t *testing.T) target {
	s := startSandbox(t, sbxOptions{})
	r := tcx(t, run{env: sandboxCreds, args: []string{"call", "sts", "AssumeRole", "--region", "ap-guangzhou",
		"--endpoint", s.URL, "--param", "RoleArn=qcs::cam::uin/100000000001:roleName/tcx-test",
		"--param", "RoleSessionName=reliability", "--param", "DurationSeconds=1"}})
	if r.code != 0 {
		t.Fatalf("AssumeRole failed:\n%s", r)
	}
	var out struct {
		Credentials struct{ TmpSecretID, TmpSecretKey, Token string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Credentials.Token == "" {
		t.Fatalf("AssumeRole printed no credentials (%v):\n%s", err, r)
	}
	s.clock.Set(time.Minute)
	return target{endpoint: s.URL, env: map[string]string{
		"TENCENTCLOUD_SECRET_ID":     out.Credentials.TmpSecretID,
		"TENCENTCLOUD_SECRET_KEY":    out.Credentials.TmpSecretKey,
		"TENCENTCLOUD_SESSION_TOKEN": out.Credentials.Token,
	}}
}

// replayUnavailable is what the placeholder replay command says.
const replayUnavailable = "replay is not built yet"

// invoke runs one command of the matrix against tg.
func invoke(t *testing.T, command string, tg target) result {
	t.Helper()
	env := map[string]string{}
	for k, v := range sandboxCreds {
		env[k] = v
	}
	for k, v := range tg.env {
		env[k] = v
	}
	var args []string
	switch command {
	case "call":
		args = append([]string{"call", "cvm", "DescribeZones", "--region", "ap-guangzhou", "--endpoint", tg.endpoint}, tg.args...)
	case "replay":
		// The snippet carries the endpoint, as a saved request does.
		p := filepath.Join(t.TempDir(), "zones.yaml")
		doc := "version: 1\nname: zones\nregion: ap-guangzhou\nproduct: cvm\napi_version: \"2017-03-12\"\naction: DescribeZones\nendpoint: " + tg.endpoint + "\n"
		if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append([]string{"replay", p}, tg.args...)
	}
	return tcx(t, run{args: args, env: env, timeout: 40 * time.Second})
}

// TestFaultMatrix runs every fault against `tcx call` and `tcx replay` and
// checks what the user sees: the message, the exit status, no crash, and
// that the process ends (a hang is killed and fails the test).
func TestFaultMatrix(t *testing.T) {
	for _, command := range []string{"call", "replay"} {
		t.Run(command, func(t *testing.T) {
			if command == "replay" {
				probe := tcx(t, run{args: []string{"replay", "x.yaml"}})
				if strings.Contains(probe.stderr, replayUnavailable) {
					t.Skip("tcx replay is not built yet: the replay column is not covered (docs/reliability.md)")
				}
			}
			for _, fc := range faultCases() {
				t.Run(fc.name, func(t *testing.T) {
					t.Parallel()
					tg := fc.setup(t)
					r := invoke(t, command, tg)
					if r.code != fc.code {
						t.Errorf("exit status %d, want %d", r.code, fc.code)
					}
					contains(t, "stderr", r.stderr, fc.stderr...)
					contains(t, "stdout", r.stdout, fc.stdout...)
					for _, a := range fc.absent {
						if strings.Contains(r.stdout+r.stderr, a) {
							t.Errorf("output has %q", a)
						}
					}
					if fc.code == 0 && r.stderr != "" {
						t.Errorf("a success printed on stderr")
					}
					if tg.check != nil {
						tg.check(t, r)
					}
					if t.Failed() {
						t.Logf("%s", r)
					}
				})
			}
		})
	}
}

// TestFaultMatrixSeesEveryRow keeps the matrix honest: a row dropped from
// faultCases must be dropped from docs/reliability.md too, and back.
func TestFaultMatrixSeesEveryRow(t *testing.T) {
	doc, err := os.ReadFile("../docs/reliability.md")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	for _, fc := range faultCases() {
		n.Add(1)
		if !bytes.Contains(doc, []byte("| "+fc.name+" |")) {
			t.Errorf("docs/reliability.md has no row %q", fc.name)
		}
	}
	if n.Load() < 20 {
		t.Errorf("only %d fault cases", n.Load())
	}
}
