package credentials

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// Every secret key and token in these tests contains leakMark, so one scan
// of everything the tests saw proves none escaped (TestMain).
const leakMark = "LEAKME"

var (
	seenMu sync.Mutex
	seen   []string
)

// see records text a person could read: a trace, an error, a String.
func see(a ...any) {
	seenMu.Lock()
	defer seenMu.Unlock()
	for _, v := range a {
		if v == nil {
			continue
		}
		switch x := v.(type) {
		case api.Credential:
			// The value itself holds the key by design; what must be safe
			// is every way of printing it.
			seen = append(seen, fmt.Sprintf("%v|%+v|%#v|%s", x, x, x, x))
		case error:
			seen = append(seen, x.Error(), fmt.Sprintf("%v %+v %#v", x, x, x))
		default:
			b, _ := json.Marshal(v)
			seen = append(seen, fmt.Sprintf("%v|%+v|%#v|%s", v, v, v, b))
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	seenMu.Lock()
	n := len(seen)
	for _, s := range seen {
		if strings.Contains(s, leakMark) {
			fmt.Fprintf(os.Stderr, "SECRET LEAKED into text shown to people: %.300q\n", s)
			code = 1
		}
	}
	seenMu.Unlock()
	if f := flag.Lookup("test.run"); code == 0 && n < 20 && (f == nil || f.Value.String() == "") {
		fmt.Fprintf(os.Stderr, "leak check saw only %d texts; is see() wired?\n", n)
		code = 1
	}
	os.Exit(code)
}

// world is one machine: a home folder, an environment, STS and metadata.
type world struct {
	t    *testing.T
	home string
	env  map[string]string
	now  time.Time
	sts  *fakeSTS
	meta *fakeMeta
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, home: t.TempDir(), env: map[string]string{}, now: time.Unix(1_800_000_000, 0)}
	w.env["HOME"] = w.home
	return w
}

func (w *world) options() Options {
	o := Options{
		Getenv:     func(k string) string { return w.env[k] },
		LookupEnv:  func(k string) (string, bool) { v, ok := w.env[k]; return v, ok },
		SystemFile: filepath.Join(w.home, "etc-tencentcloud-credentials"),
		Now:        func() time.Time { return w.now },
	}
	o.MetadataURL = "-"
	if w.meta != nil {
		o.MetadataURL = w.meta.srv.URL + "/latest/meta-data/"
		o.MetadataTimeout = 300 * time.Millisecond
	}
	if w.sts != nil {
		o.STSEndpoint = w.sts.srv.URL
		o.STSTimeout = 2 * time.Second
	}
	return o
}

// write creates a file under home with mode 0600 (or mode).
func (w *world) write(rel, content string, mode ...os.FileMode) string {
	w.t.Helper()
	p := filepath.Join(w.home, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		w.t.Fatal(err)
	}
	m := os.FileMode(0o600)
	if len(mode) > 0 {
		m = mode[0]
	}
	if err := os.WriteFile(p, []byte(content), m); err != nil {
		w.t.Fatal(err)
	}
	if err := os.Chmod(p, m); err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *world) resolve() (*Resolved, error) {
	w.t.Helper()
	r, err := Resolve(context.Background(), w.options())
	if r != nil {
		see(r.Trace, r.Trace.String(), r.Credential, r.Provider)
	}
	see(err)
	return r, err
}

// fakeSTS answers AssumeRole, AssumeRoleWithWebIdentity and
// GetCallerIdentity the way STS does.
type fakeSTS struct {
	srv   *httptest.Server
	calls atomic.Int64
	mu    sync.Mutex
	reqs  []stsReq
	// fail, when set, answers every call with this error code.
	fail     atomic.Value // string
	lifetime time.Duration
	now      func() time.Time
	delay    time.Duration
}

type stsReq struct {
	Action, Region, Authorization, Token string
	Params                               map[string]any
}

func newFakeSTS(t *testing.T, now func() time.Time) *fakeSTS {
	f := &fakeSTS{lifetime: 2 * time.Hour, now: now}
	f.fail.Store("")
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	n := f.calls.Add(1)
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	body, _ := io.ReadAll(r.Body)
	var params map[string]any
	_ = json.Unmarshal(body, &params)
	q := stsReq{Action: r.Header.Get("X-TC-Action"), Region: r.Header.Get("X-TC-Region"), Authorization: r.Header.Get("Authorization"), Token: r.Header.Get("X-TC-Token"), Params: params}
	f.mu.Lock()
	f.reqs = append(f.reqs, q)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if code := f.fail.Load().(string); code != "" {
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":%q,"Message":"refused by the fake"},"RequestId":"req-%d"}}`, code, n)
		return
	}
	switch q.Action {
	case "AssumeRole", "AssumeRoleWithWebIdentity":
		exp := f.now().Add(f.lifetime)
		fmt.Fprintf(w, `{"Response":{"Credentials":{"Token":"tok-%s-%d","TmpSecretId":"AKIDtmp%06d","TmpSecretKey":"key-%s-%d"},"ExpiredTime":%d,"Expiration":%q,"RequestId":"req-%d"}}`,
			leakMark, n, n, leakMark, n, exp.Unix(), exp.UTC().Format(time.RFC3339), n)
	case "GetCallerIdentity":
		fmt.Fprintf(w, `{"Response":{"Arn":"qcs::cam::uin/100000000001:uin/100000000001","AccountId":"100000000001","UserId":"100000000001","PrincipalId":"100000000001","Type":"CAMUser","RequestId":"req-%d"}}`, n)
	default:
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"InvalidAction","Message":"no %s"},"RequestId":"req-%d"}}`, q.Action, n)
	}
}

func (f *fakeSTS) last() stsReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		return stsReq{}
	}
	return f.reqs[len(f.reqs)-1]
}

// fakeMeta is the CVM metadata service.
type fakeMeta struct {
	srv      *httptest.Server
	role     string // "" answers 404 on discovery
	code     string // the credential's Code; "" means Success
	calls    atomic.Int64
	creds    atomic.Int64
	hang     time.Duration
	lifetime time.Duration
	now      func() time.Time
}

func newFakeMeta(t *testing.T, role string, now func() time.Time) *fakeMeta {
	m := &fakeMeta{role: role, lifetime: 6 * time.Hour, now: now}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *fakeMeta) serve(w http.ResponseWriter, r *http.Request) {
	m.calls.Add(1)
	if m.hang > 0 {
		select {
		case <-time.After(m.hang):
		case <-r.Context().Done():
			return
		}
	}
	p := strings.TrimPrefix(r.URL.Path, "/latest/meta-data/")
	switch {
	case p == "placement/region":
		io.WriteString(w, "ap-shanghai")
	case p == "cam/security-credentials/" || p == "cam/security-credentials":
		if m.role == "" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, m.role)
	case p == "cam/security-credentials/"+m.role && m.role != "":
		n := m.creds.Add(1)
		code := m.code
		if code == "" {
			code = "Success"
		}
		exp := m.now().Add(m.lifetime)
		fmt.Fprintf(w, `{"TmpSecretId":"AKIDcvm%06d","TmpSecretKey":"cvmkey-%s-%d","ExpiredTime":%d,"Expiration":%q,"Token":"cvmtok-%s-%d","Code":%q}`,
			n, leakMark, n, exp.Unix(), exp.UTC().Format(time.RFC3339), leakMark, n, code)
	default:
		http.NotFound(w, r)
	}
}

// Long-term test keys (ids are shown masked; keys must never be).
const (
	envID  = "AKIDenv0000000000000000000001a2b"
	envKey = "envkey-" + leakMark + "-0001"
	iniID  = "AKIDini0000000000000000000003c4d"
	iniKey = "inikey-" + leakMark + "-0002"
	cliID  = "AKIDcli0000000000000000000005e6f"
	cliKey = "clikey-" + leakMark + "-0003"
)

func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("missing %q in:\n%s", sub, s)
		}
	}
}
