package snippet

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
)

// requireInterop skips a test whose tool is missing, or fails it when CI or
// TCX_REQUIRE_INTEROP says every interop test must run.
func requireInterop(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" || os.Getenv("TCX_REQUIRE_INTEROP") != "" {
		t.Fatalf("%s (CI / TCX_REQUIRE_INTEROP is set, so this interop test may not be skipped; run `make deps`)", why)
	}
	t.Skipf("SKIPPED: %s (run `make deps`, or set TCX_REQUIRE_INTEROP=1 to make this a failure)", why)
}

// startSandbox runs a sandbox with the embedded schema on a free loopback port.
func startSandbox(t *testing.T) string {
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

var sandboxCred = api.Credential{SecretID: sandbox.DefaultSecretID, SecretKey: sandbox.DefaultSecretKey, Source: "sandbox"}

// exportSnippet is the snippet every export test runs.
func exportSnippet(t *testing.T, endpoint string) *Snippet {
	t.Helper()
	s, err := Parse([]byte(`version: 1
name: interop
region: ap-guangzhou
product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Limit: ${LIMIT}
  Offset: 0
headers:
  X-TC-TraceId: 6f1c7c6e-0000-4000-8000-000000000001
endpoint: ` + endpoint + `
language: en-US
`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func export(t *testing.T, s *Snippet, target string, cred api.Credential) []byte {
	t.Helper()
	out, err := Export(s, target, ExportOptions{Vars: Vars{Set: map[string]string{"LIMIT": "2"}}, Credential: cred})
	if err != nil {
		t.Fatalf("export %s: %v", target, err)
	}
	return out
}

// runExport runs a generated program with credentials only in the environment.
func runExport(t *testing.T, dir string, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		EnvSecretID+"="+sandboxCred.SecretID,
		EnvSecretKey+"="+sandboxCred.SecretKey,
		EnvToken+"=",
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\nstdout: %s\nstderr: %s", name, args, err, out, stderr.Bytes())
	}
	return out
}

// checkSuccess wants a DescribeInstances answer without an error. Node's
// CommonClient resolves to the content of "Response"; the others print the
// whole envelope.
func checkSuccess(t *testing.T, out []byte) {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	resp := out
	if r, ok := env["Response"]; ok {
		resp = r
	}
	var body struct {
		Error      *struct{ Code, Message string }
		RequestId  string
		TotalCount *int
	}
	if err := json.Unmarshal(resp, &body); err != nil {
		t.Fatalf("response is not an object: %v\n%s", err, out)
	}
	if body.Error != nil || body.RequestId == "" || body.TotalCount == nil {
		t.Fatalf("the sandbox did not answer with success:\n%s", out)
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExportCurlRunsAgainstTheSandbox(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		requireInterop(t, "curl is not installed")
	}
	u := startSandbox(t)
	code := export(t, exportSnippet(t, u), ToCurl, sandboxCred)
	for _, want := range []string{"five minutes", "Authorization: TC3-HMAC-SHA256 Credential=" + sandboxCred.SecretID, "X-TC-Language: en-US"} {
		if !bytes.Contains(code, []byte(want)) {
			t.Errorf("curl export lacks %q:\n%s", want, code)
		}
	}
	dir := t.TempDir()
	writeFile(t, dir, "call.sh", code)
	checkSuccess(t, runExport(t, dir, "sh", "call.sh"))
}

func TestExportCurlGETRunsAgainstTheSandbox(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		requireInterop(t, "curl is not installed")
	}
	u := startSandbox(t)
	s := exportSnippet(t, u)
	s.Method = "GET"
	s.Params["InstanceIds"] = []any{}
	dir := t.TempDir()
	writeFile(t, dir, "call.sh", export(t, s, ToCurl, sandboxCred))
	checkSuccess(t, runExport(t, dir, "sh", "call.sh"))
}

func TestExportPythonRunsAgainstTheSandbox(t *testing.T) {
	py := os.Getenv("TCX_PYTHON")
	if py == "" {
		requireInterop(t, "TCX_PYTHON is not set (the venv with tencentcloud-sdk-python)")
	}
	u := startSandbox(t)
	for _, mode := range []struct{ sign, method string }{{"", ""}, {"HmacSHA256", ""}, {"", "GET"}} {
		t.Run("sign="+mode.sign+",method="+mode.method, func(t *testing.T) {
			s := exportSnippet(t, u)
			s.SignMethod, s.Method = mode.sign, mode.method
			dir := t.TempDir()
			writeFile(t, dir, "call.py", export(t, s, ToPython, sandboxCred))
			checkSuccess(t, runExport(t, dir, py, "call.py"))
		})
	}
}

// goModule writes a throw-away module for a Go export. It resolves modules
// from the local module cache first (GOFLAGS=-mod=mod; the repo's go.sum).
func goModule(t *testing.T, code []byte, requires string) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		requireInterop(t, "go is not on PATH")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, dir, "main.go", code)
	writeFile(t, dir, "go.sum", sum)
	mod := "module tcxexport\n\ngo 1.26\n\n" + strings.ReplaceAll(requires, "$REPO", repo)
	writeFile(t, dir, "go.mod", []byte(mod))
	return dir
}

func goEnvRun(t *testing.T, dir string) []byte {
	t.Helper()
	t.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	t.Setenv("GOWORK", "off")
	return runExport(t, dir, "go", "run", ".")
}

func TestExportGoWithTheAPIPackageRunsAgainstTheSandbox(t *testing.T) {
	u := startSandbox(t)
	code := export(t, exportSnippet(t, u), ToGo, sandboxCred)
	dir := goModule(t, code, "require github.com/tcx-dev/tcx v0.0.0-00010101000000-000000000000\n\nreplace github.com/tcx-dev/tcx => $REPO\n")
	checkSuccess(t, goEnvRun(t, dir))
}

func TestExportGoWithTheOfficialSDKRunsAgainstTheSandbox(t *testing.T) {
	u := startSandbox(t)
	gomod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common (v\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod does not require the official Go SDK's common module")
	}
	code := export(t, exportSnippet(t, u), ToGoSDK, sandboxCred)
	dir := goModule(t, code, "require github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common "+string(m[1])+"\n")
	checkSuccess(t, goEnvRun(t, dir))
}

// nodeResolveHook makes *.sandbox.local resolve to loopback inside the test's
// node process only: the Node SDK takes the service from the endpoint's
// first label, so the sandbox must be reached by a name like
// cvm.sandbox.local (docs/sandbox.md), and tests cannot edit /etc/hosts.
// The address comes from TCX_TEST_SANDBOX_ADDR.
const nodeResolveHook = `const ADDR = process.env.TCX_TEST_SANDBOX_ADDR;
const dns = require("dns");
const orig = dns.lookup;
dns.lookup = function (host, opts, cb) {
  if (typeof host === "string" && host.endsWith(".sandbox.local")) {
    if (typeof opts === "function") { cb = opts; opts = {}; }
    if (opts && opts.all) return process.nextTick(cb, null, [{ address: ADDR, family: 4 }]);
    return process.nextTick(cb, null, ADDR, 4);
  }
  return orig.apply(this, arguments);
};
`

func TestExportNodeRunsAgainstTheSandbox(t *testing.T) {
	mods := os.Getenv("TCX_NODE_MODULES")
	if _, err := exec.LookPath("node"); err != nil || mods == "" {
		requireInterop(t, "node or TCX_NODE_MODULES (tencentcloud-sdk-nodejs-common) is missing")
	}
	if _, err := os.Stat(filepath.Join(mods, "tencentcloud-sdk-nodejs-common")); err != nil {
		requireInterop(t, "tencentcloud-sdk-nodejs-common is not installed in "+mods)
	}
	// The Node SDK signs the host name without its port; the sandbox, like
	// the cloud, accepts that, so an ordinary loopback port works.
	u, err := url.Parse(startSandbox(t))
	if err != nil {
		t.Fatal(err)
	}
	code := export(t, exportSnippet(t, "http://cvm.sandbox.local:"+u.Port()), ToNode, sandboxCred)
	dir := t.TempDir()
	writeFile(t, dir, "call.js", code)
	hook := writeFile(t, dir, "resolve.js", []byte(nodeResolveHook))
	t.Setenv("NODE_PATH", mods)
	t.Setenv("TCX_TEST_SANDBOX_ADDR", "127.0.0.1")
	checkSuccess(t, runExport(t, dir, "node", "--require", hook, "call.js"))
}

func TestExportsNeverContainTheSecretKeyOrToken(t *testing.T) {
	cred := api.Credential{SecretID: "AKIDtemporary0000000000000000000000", SecretKey: "tmpSecretKeyMustNeverAppear0000", Token: "sessionTokenMustNeverAppear-0123456789abcdef"}
	s := exportSnippet(t, "http://127.0.0.1:9000")
	s.SignMethod = "HmacSHA256"
	for _, target := range Targets() {
		for _, method := range []string{"POST", "GET"} {
			s.Method = method
			code := export(t, s, target, cred)
			for _, secret := range []string{cred.SecretKey, cred.Token} {
				if bytes.Contains(code, []byte(secret)) {
					t.Errorf("%s %s export contains a secret:\n%s", target, method, code)
				}
			}
		}
	}
	// The curl export needs the token at run time and says so.
	s.Method = ""
	if code := export(t, s, ToCurl, cred); !bytes.Contains(code, []byte(`X-TC-Token: $`+EnvToken)) {
		t.Errorf("curl export with temporary credentials does not read the token from %s:\n%s", EnvToken, code)
	}
}

func TestExportRefusesASnippetValueThatIsTheSecret(t *testing.T) {
	s := exportSnippet(t, "http://127.0.0.1:9000")
	s.Params["Note"] = sandboxCred.SecretKey
	for _, target := range Targets() {
		if _, err := Export(s, target, ExportOptions{Vars: Vars{Set: map[string]string{"LIMIT": "1"}}, Credential: sandboxCred}); err == nil {
			t.Errorf("%s: exported a secret key found in the parameters", target)
		}
	}
}

func TestExportUnknownTarget(t *testing.T) {
	_, err := Export(exportSnippet(t, ""), "cobol", ExportOptions{Vars: Vars{Set: map[string]string{"LIMIT": "1"}}})
	if err == nil || !strings.Contains(err.Error(), "curl, python, go, go-sdk, node, tccli") {
		t.Fatalf("err = %v", err)
	}
}

// temporaryCredential asks the sandbox's STS for temporary credentials.
func temporaryCredential(t *testing.T, endpoint string) api.Credential {
	t.Helper()
	c, err := api.NewClient(api.StaticProvider{Credential: sandboxCred}, "ap-guangzhou", api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: endpoint}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resp, err := c.Call(context.Background(), &api.Request{Service: "sts", Version: "2018-08-13", Action: "AssumeRole",
		Params: `{"RoleArn":"qcs::cam::uin/100000000001:roleName/exporter","RoleSessionName":"tcx-export-test"}`})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	var out struct {
		Credentials struct{ TmpSecretId, TmpSecretKey, Token string }
	}
	if err := json.Unmarshal(resp.Result(), &out); err != nil || out.Credentials.Token == "" {
		t.Fatalf("AssumeRole answered %s (%v)", resp.Body, err)
	}
	return api.Credential{SecretID: out.Credentials.TmpSecretId, SecretKey: out.Credentials.TmpSecretKey, Token: out.Credentials.Token}
}

func TestExportCurlWithTemporaryCredentialsRunsWithTheTokenFromTheEnvironment(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		requireInterop(t, "curl is not installed")
	}
	u := startSandbox(t)
	tmp := temporaryCredential(t, u)
	code := export(t, exportSnippet(t, u), ToCurl, tmp)
	for _, secret := range []string{tmp.SecretKey, tmp.Token} {
		if bytes.Contains(code, []byte(secret)) {
			t.Fatalf("curl export contains a temporary secret:\n%s", code)
		}
	}
	dir := t.TempDir()
	writeFile(t, dir, "call.sh", code)
	cmd := exec.Command("sh", "call.sh")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), EnvToken+"="+tmp.Token)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sh call.sh: %v\n%s", err, out)
	}
	checkSuccess(t, out)
}
