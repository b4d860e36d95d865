package reliability

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/sandbox"
)

// The sweep's distinctive credentials. None is real; the sandbox is told
// to accept the id/key pairs.
const (
	sweepID       = "AKIDsweepLEAKTEST00000000000000001a2b"
	sweepIDMasked = "AKID…1a2b"
	sweepKey      = "SECRETsweepLEAKTESTkey00000000000"
	sweepToken    = "TOKENsweepLEAKTESTtoken0000000000000"
	// A second pair, only in the sandbox's --keys-file.
	sweepFileID  = "AKIDsweepFILEKEY0000000000000000009z9z"
	sweepFileKey = "SECRETsweepFILEKEYkey000000000000"
	// A wrong key for the signature-failure path, and a proxy password.
	sweepWrongKey  = "SECRETsweepWRONGkey00000000000000"
	sweepProxyPass = "PROXYsweepPASSWORD"
)

// secrets must appear nowhere the sweep looks.
var secrets = []string{sweepKey, sweepToken, sweepFileKey, sweepWrongKey, sweepProxyPass, "SECRETsweep", "TOKENsweep"}

// fullIDs may appear only where the protocol needs them (allowedID).
var fullIDs = []string{sweepID, sweepFileID}

// allowedID is the one place a full secret id may be printed: the
// Authorization header value of a curl export, which must carry it to be
// sent. `tcx sign` masks it even there.
var allowedID = regexp.MustCompile(`(?m)^  -H 'Authorization: TC3-HMAC-SHA256 Credential=` + sweepID + `/`)

// output is one thing the sweep collected.
type output struct {
	label string
	text  string
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startSandboxCmd runs `tcx sandbox` as a user would and returns its URL
// and a function that stops it and returns everything it printed.
func startSandboxCmd(t *testing.T, home string, args ...string) (string, func() string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, tcxBin, append([]string{"sandbox", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = cleanEnv(home)
	cmd.Dir = home
	cmd.WaitDelay = 2 * time.Second
	var errb syncBuffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stdout syncBuffer
	urlc := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(&stdout, line)
			if f := strings.Fields(line); len(f) == 2 && f[0] == "URL:" {
				select {
				case urlc <- f[1]:
				default:
				}
			}
		}
	}()
	stop := func() string {
		_ = cmd.Process.Signal(syscall.SIGINT)
		<-done
		_ = cmd.Wait()
		cancel()
		all := stdout.String() + errb.String()
		noCrash(t, all)
		return all
	}
	select {
	case u := <-urlc:
		return u, stop
	case <-done:
		t.Fatalf("tcx sandbox printed no URL:\n%s", stop())
	case <-ctx.Done():
		t.Fatalf("tcx sandbox printed no URL in time:\n%s", stop())
	}
	return "", nil
}

// TestNoSecretLeaks runs every command it can with distinctive credentials
// and greps all they wrote — stdout, stderr, debug logs, snippets, exports,
// every file under HOME — for the secret key, the token and the full
// secret id.
func TestNoSecretLeaks(t *testing.T) {
	home := t.TempDir()
	keysFile := filepath.Join(home, "sandbox-keys.txt")
	if err := os.WriteFile(keysFile, []byte("# extra\n"+sweepFileID+"="+sweepFileKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, stopSandbox := startSandboxCmd(t, home, "-v", "--seed", "3",
		"--key", sweepID+"="+sweepKey, "--keys-file", keysFile,
		"--fault", "kind=ratelimit,action=DescribeRegions",
		"--fault", "kind=html502,action=DescribeImages",
		"--fault", "kind=internal-error,action=DescribeKeyPairs")
	proxy := httpServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
	})
	proxyWithPass := strings.Replace(proxy, "http://", "http://alice:"+sweepProxyPass+"@", 1)

	creds := map[string]string{
		"TENCENTCLOUD_SECRET_ID":     sweepID,
		"TENCENTCLOUD_SECRET_KEY":    sweepKey,
		"TENCENTCLOUD_SESSION_TOKEN": sweepToken,
		"TENCENTCLOUD_REGION":        "ap-guangzhou",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range creds {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	var outs []output
	// step runs one command, checks its exit status and that it did what
	// it is there for (so the sweep cannot pass by running nothing).
	step := func(label string, env map[string]string, code int, want []string, args ...string) result {
		t.Helper()
		r := tcx(t, run{home: home, env: env, args: args})
		outs = append(outs, output{label + " (stdout)", r.stdout}, output{label + " (stderr)", r.stderr})
		if r.code != code {
			t.Errorf("%s: exit %d, want %d\n%s", label, r.code, code, r)
		}
		all := r.stdout + r.stderr
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: output lacks %q\n%s", label, w, r)
			}
		}
		return r
	}
	call := func(action string, extra ...string) []string {
		return append([]string{"call", "cvm", action, "--endpoint", url, "--debug"}, extra...)
	}
	debugSent := []string{"SendRequest:", "GetResponse:"}

	// call: every signing method and HTTP method, success and error paths.
	step("call TC3 POST", creds, 0, append(debugSent, `"ZoneSet"`, "X-Tc-Token: <redacted>", "Credential="+sweepIDMasked+"/"), call("DescribeZones")...)
	step("call TC3 GET", creds, 0, debugSent, call("DescribeZones", "--method", "GET")...)
	step("call v1 HmacSHA256 POST", creds, 0, debugSent, call("DescribeZones", "--sign-method", "HmacSHA256")...)
	step("call v1 HmacSHA1 GET", creds, 0, debugSent, call("DescribeZones", "--sign-method", "HmacSHA1", "--method", "GET")...)
	step("call STS GetCallerIdentity", creds, 0, []string{`"Arn"`}, "call", "sts", "GetCallerIdentity", "--endpoint", url, "--debug")
	step("call rate limited, retried", creds, 1, []string{"RequestLimitExceeded", "retry 1/1"}, call("DescribeRegions", "--retries", "1")...)
	step("call HTML 502", creds, 3, []string{"HTTP status 502"}, call("DescribeImages")...)
	step("call InternalError", creds, 1, []string{"InternalError"}, call("DescribeKeyPairs")...)
	step("call unknown action", creds, 1, []string{"InvalidAction"}, call("DescribeNothingAtAll", "--version", "2017-03-12")...)
	step("call wrong key", with(map[string]string{"TENCENTCLOUD_SECRET_KEY": sweepWrongKey}), 1, []string{"AuthFailure.SignatureFailure"}, call("DescribeZones")...)
	step("call refused", creds, 3, []string{"connection refused"}, "call", "cvm", "DescribeZones", "--endpoint", refusedEndpoint(t), "--debug")
	step("call proxy 407", creds, 3, []string{"407"}, "call", "cvm", "DescribeZones", "--endpoint", "http://cvm.tcx-test.invalid", "--proxy", proxyWithPass, "--debug")
	step("call proxy 407 (env)", with(map[string]string{"HTTP_PROXY": proxyWithPass}), 3, []string{"407"}, "call", "cvm", "DescribeZones", "--endpoint", "http://cvm.tcx-test.invalid", "--debug")
	step("call unusable proxy URL", creds, 2, nil, "call", "cvm", "DescribeZones", "--proxy", "http://alice:"+sweepProxyPass+"@[::1", "--debug")

	// sign: text and JSON, TC3 and v1, credentials from flags too.
	step("sign text", creds, 0, []string{"Authorization", sweepIDMasked}, "sign", "cvm", "DescribeZones", "--endpoint", url)
	step("sign -o json", creds, 0, []string{`"signature"`}, "sign", "cvm", "DescribeZones", "-o", "json")
	step("sign --json", creds, 0, []string{`"signature"`}, "sign", "cvm", "DescribeZones", "--json")
	step("sign v1 GET", creds, 0, []string{"HmacSHA1"}, "sign", "cvm", "DescribeZones", "--sign-method", "HmacSHA1", "--method", "GET", "-o", "json")
	step("sign v1 POST", creds, 0, []string{"HmacSHA256"}, "sign", "cvm", "DescribeZones", "--sign-method", "HmacSHA256")
	step("sign keys as flags", map[string]string{}, 0, []string{"Authorization"}, "sign", "cvm", "DescribeZones", "--region", "ap-guangzhou",
		"--secret-id", sweepFileID, "--secret-key", sweepFileKey)

	// snippets: saved in the store, listed, shown, replayed, exported.
	store := filepath.Join(home, ".local", "share", "tcx", "snippets")
	if err := os.MkdirAll(store, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, action := range map[string]string{"zones": "DescribeZones", "images": "DescribeImages"} {
		doc := fmt.Sprintf("version: 1\nname: %s\nregion: ap-guangzhou\nproduct: cvm\napi_version: \"2017-03-12\"\naction: %s\nendpoint: %s\n", name, action, url)
		if err := os.WriteFile(filepath.Join(store, name+".yaml"), []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	step("snippets", creds, 0, []string{"zones"}, "snippets")
	step("snippets show", creds, 0, []string{"DescribeZones"}, "snippets", "show", "zones")
	step("replay", creds, 0, append(debugSent, `"ZoneSet"`), "replay", "zones", "--debug")
	step("replay raw", creds, 0, []string{`"Response"`}, "replay", "zones", "--raw")
	step("replay error", creds, 3, []string{"HTTP status 502"}, "replay", "images", "--debug")
	for _, to := range []string{"curl", "python", "go", "go-sdk", "node", "tccli"} {
		step("export "+to, creds, 0, []string{"DescribeZones"}, "export", "zones", "--to", to)
	}
	step("export curl to a file", creds, 0, nil, "export", "zones", "--to", "curl", "-o", filepath.Join(home, "zones.sh"))

	// profiles (the chain's explanation names sources, never values).
	// profiles: the environment, an ini file and a tccli profile, listed,
	// explained and checked against the sandbox's STS. (These credential
	// files, like the keys file, are inputs and not swept.)
	iniFile, tccliFile := filepath.Join(home, ".tencentcloud", "credentials"), filepath.Join(home, ".tccli", "default.credential")
	inputs := map[string]bool{keysFile: true, iniFile: true, tccliFile: true}
	writeFile(t, iniFile,
		"[default]\nsecret_id = "+sweepID+"\nsecret_key = "+sweepKey+"\n\n[prod]\nsecret_id = "+sweepFileID+"\nsecret_key = "+sweepFileKey+"\nregion = ap-guangzhou\n")
	writeFile(t, tccliFile,
		`{"secretId": "`+sweepID+`", "secretKey": "`+sweepKey+`", "token": "`+sweepToken+`"}`)
	step("profiles", creds, 0, []string{sweepIDMasked}, "profiles")
	step("profiles --json", creds, 0, []string{sweepIDMasked}, "profiles", "--json")
	step("profiles --profile prod --json", creds, 0, []string{"prod"}, "profiles", "--profile", "prod", "--json")
	step("profiles --check", creds, 0, []string{"100000000001"}, "profiles", "--check", "--endpoint", url)
	step("profiles --check prod", creds, 0, []string{"100000000001"}, "profiles", "--check", "prod", "--endpoint", url)
	step("profiles --check wrong key", with(map[string]string{"TENCENTCLOUD_SECRET_KEY": sweepWrongKey}), 1, []string{"SignatureFailure"}, "profiles", "--check", "--endpoint", url)
	step("call --profile prod", map[string]string{}, 0, []string{`"ZoneSet"`}, call("DescribeZones", "--profile", "prod")...)

	outs = append(outs, output{"tcx sandbox output", stopSandbox()})

	// Every file tcx (or the sandbox) left under HOME.
	var files int
	err := filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || inputs[p] {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// What tcx writes there (signed exports, snippets, logs) is private.
		if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others (mode %v)", p, fi.Mode().Perm())
		}
		files++
		outs = append(outs, output{"file " + strings.TrimPrefix(p, home), string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Errorf("only %d files under HOME: the snippets and the exported script should be there", files)
	}

	for _, o := range outs {
		for _, s := range secrets {
			if i := strings.Index(o.text, s); i >= 0 {
				t.Errorf("%s leaks %q: …%s…", o.label, s, excerpt(o.text, i))
			}
		}
		text := o.text
		if o.label == "export curl (stdout)" || o.label == "file /zones.sh" {
			if !allowedID.MatchString(text) {
				t.Errorf("%s: no Authorization header with the secret id; the curl export cannot work", o.label)
			}
			text = allowedID.ReplaceAllString(text, "")
		}
		for _, id := range fullIDs {
			if i := strings.Index(text, id); i >= 0 {
				t.Errorf("%s shows the full secret id: …%s…", o.label, excerpt(text, i))
			}
		}
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func excerpt(s string, i int) string {
	lo, hi := max(0, i-60), min(len(s), i+60)
	return strings.ReplaceAll(s[lo:hi], "\n", "⏎")
}

// TestNoSecretLeaksInExplorer drives the explorer in tmux with the sweep's
// credentials: send, the response body and headers, the signature view,
// history, settings, the profiles pane and its credential check, the help
// overlay, a snippet saved with S, and an error answer. Every captured screen, the explorer's
// stderr and every file it left under HOME are grepped like the CLI's
// output: no key, no token, the id only masked.
func TestNoSecretLeaksInExplorer(t *testing.T) {
	s := startSandbox(t, sbxOptions{
		keys:   []sandbox.Key{{SecretID: sweepID, SecretKey: sweepKey}},
		faults: []sandbox.Fault{{Kind: sandbox.FaultInternalError, Action: "DescribeRegions"}},
	})
	home := t.TempDir()
	env := map[string]string{
		"TENCENTCLOUD_SECRET_ID":     sweepID,
		"TENCENTCLOUD_SECRET_KEY":    sweepKey,
		"TENCENTCLOUD_SESSION_TOKEN": sweepToken,
		"TENCENTCLOUD_REGION":        "ap-guangzhou",
	}
	// Credential files too, so the profiles pane lists them (inputs, not swept).
	iniFile, tccliFile := filepath.Join(home, ".tencentcloud", "credentials"), filepath.Join(home, ".tccli", "default.credential")
	writeFile(t, iniFile, "[prod]\nsecret_id = "+sweepFileID+"\nsecret_key = "+sweepFileKey+"\n")
	writeFile(t, tccliFile, `{"secretId": "`+sweepID+`", "secretKey": "`+sweepKey+`", "token": "`+sweepToken+`"}`)
	var screens []output
	x := startExplorer(t, home, env, "--endpoint", s.URL, "--action", "cvm DescribeZones")
	shot := func(label string, want ...string) {
		t.Helper()
		screens = append(screens, output{"explorer " + label, x.waitFor(label, want...)})
	}
	shot("form", "DescribeZones", "ctrl+r send")
	x.keys("C-r")
	shot("response body", "200 OK", `"ZoneSet"`)
	x.keys("C-s") // save as a snippet, when the explorer has a snippet folder: swept with HOME below
	x.keys("t")
	shot("response headers", "Content-Type: application/json")
	x.keys("4")
	shot("signature", "Canonical request", "String to sign", "Credential="+sweepIDMasked+"/")
	x.keys("5")
	shot("history", "cvm DescribeZones  200")
	x.keys("6")
	shot("settings", "Sign method")
	x.keys("1")
	shot("profiles", "How the chain resolved it", sweepIDMasked)
	x.keys("c")
	shot("profiles check", sweepIDMasked)
	x.keys("?")
	shot("help", "quit")
	x.keys("?") // esc then q would arrive as alt+q
	shot("help closed", "enter use • c check")
	stderr := x.quit()
	screens = append(screens, output{"explorer stderr", stderr})

	// An error answer, and its signature view, in a second run.
	y := startExplorer(t, home, env, "--endpoint", s.URL, "--action", "cvm DescribeRegions")
	y.waitFor("form", "DescribeRegions", "ctrl+r send")
	y.keys("C-r")
	screens = append(screens, output{"explorer error", y.waitFor("error", "✗ InternalError")})
	y.keys("4")
	screens = append(screens, output{"explorer error signature", y.waitFor("signature", "Canonical request")})
	screens = append(screens, output{"explorer stderr (2)", y.quit()})

	err := filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == iniFile || p == tccliFile {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		screens = append(screens, output{"file " + strings.TrimPrefix(p, home), string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "tcx", "snippets", "cvm-DescribeZones.yaml")); err != nil {
		t.Errorf("the explorer saved no snippet with S, so none was swept: %v", err)
	}
	for _, o := range screens {
		for _, sec := range append(secrets, fullIDs...) {
			if i := strings.Index(o.text, sec); i >= 0 {
				t.Errorf("%s shows %q: …%s…", o.label, sec, excerpt(o.text, i))
			}
		}
	}
}
