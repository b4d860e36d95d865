package snippet

import (
	"errors"
	"strings"
	"testing"
)

const example = `version: 1
name: list-instances
description: The first ten instances in a zone
profile: default
region: ap-guangzhou
product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Filters:
    - Name: zone
      Values:
        - ${ZONE:-ap-guangzhou-3}
  Limit: 10
headers:
  X-TC-TraceId: 2c8d5a52-0d36-4c3f-9b50-000000000001
endpoint: http://127.0.0.1:9000
language: en-US
`

func TestParseThenMarshalIsStable(t *testing.T) {
	s, err := Parse([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != example {
		t.Fatalf("Marshal(Parse(x)) differs from x:\n%s", out)
	}
}

func TestParseTypes(t *testing.T) {
	s, err := Parse([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if s.APIVersion != "2017-03-12" || s.Product != "cvm" || s.Action != "DescribeInstances" {
		t.Fatalf("identity = %q %q %q", s.Product, s.APIVersion, s.Action)
	}
	if v, ok := s.Params["Limit"].(int64); !ok || v != 10 {
		t.Fatalf("Limit = %#v, want int64 10", s.Params["Limit"])
	}
	f := s.Params["Filters"].([]any)[0].(map[string]any)
	if f["Name"] != "zone" {
		t.Fatalf("Filters[0] = %#v", f)
	}
}

func TestParseRefusesMalformedSnippets(t *testing.T) {
	base := "version: 1\nproduct: cvm\napi_version: \"2017-03-12\"\naction: DescribeInstances\n"
	tests := []struct {
		name, file, want string
	}{
		{"not yaml", "version: [1", "not valid YAML"},
		{"not a mapping", "- 1\n- 2\n", "must be a YAML mapping"},
		{"no version", "product: cvm\napi_version: x\naction: y\n", `no "version: 1"`},
		{"future version", strings.Replace(base, "version: 1", "version: 2", 1), "format version 2 is not supported"},
		{"missing identity", "version: 1\nproduct: cvm\n", "missing api_version, action"},
		{"unknown key", base + "colour: blue\n", "field colour not found"},
		{"bad method", base + "method: PUT\n", `method: "PUT" is not GET or POST`},
		{"bad sign method", base + "sign_method: MD5\n", "sign_method"},
		{"bad language", base + "language: fr\n", "language"},
		{"bad name", base + "name: ../etc/passwd\n", "snippet name"},
		{"reserved header", base + "headers:\n  X-TC-Region: ap-beijing\n", "headers.X-TC-Region: tcx sets this header itself; use region:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseRefusesCredentialsAndSaysWhy(t *testing.T) {
	base := "version: 1\nproduct: cvm\napi_version: \"2017-03-12\"\naction: DescribeInstances\n"
	tests := []struct {
		name, extra, path string
	}{
		{"secret_key at top level", "secret_key: abc\n", "secret_key"},
		{"SecretKey at top level", "SecretKey: abc\n", "SecretKey"},
		{"token", "token: abc\n", "token"},
		{"X-TC-Token header", "headers:\n  X-TC-Token: abc\n", "headers.X-TC-Token"},
		{"Authorization header", "headers:\n  Authorization: abc\n", "headers.Authorization"},
		{"nested parameter", "params:\n  Auth:\n    - SecretKey: abc\n", "params.Auth[0].SecretKey"},
		{"a signature as a value", "params:\n  Note: \"TC3-HMAC-SHA256 Credential=AKIDx/2024-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=00\"\n", "params.Note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(base + tt.extra))
			var se *SecretError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a SecretError", err)
			}
			if se.Path != tt.path {
				t.Fatalf("path = %q, want %q", se.Path, tt.path)
			}
			if !strings.Contains(err.Error(), "never carries credentials") {
				t.Fatalf("message does not say why: %v", err)
			}
		})
	}
}

func TestParseAcceptsLookalikes(t *testing.T) {
	file := `version: 1
product: cvm
api_version: "2017-03-12"
action: RunInstances
params:
  ClientToken: 5c2c9d0e-idempotency
  LoginSettings:
    Password: ${PASSWORD}
`
	if _, err := Parse([]byte(file)); err != nil {
		t.Fatalf("an idempotency token and a placeholder password are not credentials: %v", err)
	}
}

func TestMarshalRefusesCredentials(t *testing.T) {
	s := &Snippet{Product: "cvm", APIVersion: "2017-03-12", Action: "DescribeInstances", Headers: map[string]string{"X-TC-Token": "tok"}}
	if _, err := Marshal(s); err == nil {
		t.Fatal("Marshal wrote a session token")
	}
}
