// Package snippet holds saved requests: the file format, its storage,
// validation against the API schema, replay into an api.Request and export
// as runnable code (curl, Python, Go, Node, tccli).
//
// A snippet is one YAML file (see docs/snippets.md):
//
//	version: 1
//	name: list-instances
//	region: ap-guangzhou
//	product: cvm
//	api_version: "2017-03-12"
//	action: DescribeInstances
//	params:
//	  Limit: ${LIMIT:-10}
//
// It names a credential profile but never holds a credential: Parse refuses
// a file that carries a secret key, a token or a signature.
package snippet

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// FormatVersion is the snippet file format this package reads and writes.
const FormatVersion = 1

// MaxSize bounds a snippet file; a request body larger than this belongs in
// a file of its own, not a snippet.
const MaxSize = 1 << 20

// Snippet is one saved request. Field order is the order keys are written.
type Snippet struct {
	// Version is the file format version (FormatVersion).
	Version int `yaml:"version"`
	// Name identifies the snippet in a store (letters, digits, '.', '_', '-').
	Name string `yaml:"name"`
	// Description says what the request is for.
	Description string `yaml:"description,omitempty"`
	// Profile names the credential profile to replay with (a reference to
	// the credentials file, never a credential); "" means the default chain.
	Profile string `yaml:"profile,omitempty"`
	// Region is sent as X-TC-Region; "" sends none.
	Region string `yaml:"region,omitempty"`
	// Product is the service name: "cvm", "vpc".
	Product string `yaml:"product"`
	// APIVersion is the product's API version, e.g. "2017-03-12".
	APIVersion string `yaml:"api_version"`
	// Action is the API action, e.g. "DescribeInstances".
	Action string `yaml:"action"`
	// Params are the action's parameters, as they are sent (JSON-shaped).
	Params map[string]any `yaml:"params,omitempty"`
	// Headers are extra headers such as X-TC-TraceId or X-TC-Canary.
	Headers map[string]string `yaml:"headers,omitempty"`
	// Endpoint overrides the host: "cvm.ap-shanghai.tencentcloudapi.com" or
	// a URL with a scheme, "http://127.0.0.1:9000".
	Endpoint string `yaml:"endpoint,omitempty"`
	// Method is POST (default) or GET.
	Method string `yaml:"method,omitempty"`
	// SignMethod is TC3-HMAC-SHA256 (default), HmacSHA256 or HmacSHA1.
	SignMethod string `yaml:"sign_method,omitempty"`
	// Language selects the language of error messages: zh-CN or en-US.
	Language string `yaml:"language,omitempty"`
}

// nameRE is what a snippet name may look like; it doubles as a file name.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// ValidName reports whether name can name a snippet in a store.
func ValidName(name string) error {
	if !nameRE.MatchString(name) || strings.Contains(name, "..") {
		return fmt.Errorf("snippet name %q: use letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)", name)
	}
	return nil
}

// Parse decodes a snippet file. It refuses files that carry a credential
// (saying which field), unknown keys, a format version it does not know,
// and files without product, api_version or action. It does not consult
// the schema; see Validate.
func Parse(data []byte) (*Snippet, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("snippet is %d bytes, more than the %d a snippet may have", len(data), MaxSize)
	}
	// First a generic pass: a file holding a secret is refused for that
	// reason, before any complaint about its shape.
	var raw any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("snippet is not valid YAML: %w", err)
	}
	if err := checkSecrets(raw); err != nil {
		return nil, err
	}
	if _, ok := raw.(map[string]any); !ok {
		return nil, errors.New("snippet must be a YAML mapping (version: 1, product, api_version, action, params …)")
	}
	var s Snippet
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	s.Params = normalize(s.Params).(map[string]any)
	return &s, nil
}

// check verifies what every snippet needs, independent of the schema.
func (s *Snippet) check() error {
	if s.Version != FormatVersion {
		if s.Version == 0 {
			return fmt.Errorf("snippet has no \"version: %d\" line", FormatVersion)
		}
		return fmt.Errorf("snippet format version %d is not supported (this tcx reads version %d)", s.Version, FormatVersion)
	}
	var missing []string
	for _, f := range []struct{ key, v string }{{"product", s.Product}, {"api_version", s.APIVersion}, {"action", s.Action}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.key)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("snippet is missing %s", strings.Join(missing, ", "))
	}
	if s.Name != "" {
		if err := ValidName(s.Name); err != nil {
			return err
		}
	}
	for name := range s.Headers {
		if use := reservedHeader(name); use != "" {
			return fmt.Errorf("headers.%s: tcx sets this header itself; %s", name, use)
		}
	}
	switch strings.ToUpper(s.Method) {
	case "", "GET", "POST":
	default:
		return fmt.Errorf("method: %q is not GET or POST", s.Method)
	}
	switch s.SignMethod {
	case "", "TC3-HMAC-SHA256", "HmacSHA256", "HmacSHA1":
	default:
		return fmt.Errorf("sign_method: %q is not TC3-HMAC-SHA256, HmacSHA256 or HmacSHA1", s.SignMethod)
	}
	switch s.Language {
	case "", "zh-CN", "en-US":
	default:
		return fmt.Errorf("language: %q is not zh-CN or en-US", s.Language)
	}
	return nil
}

// reservedHeader says what to write instead of a header the client sets
// itself ("" when name is an ordinary extra header). Credential headers are
// left to the secret check, which says why they are refused.
func reservedHeader(name string) string {
	switch strings.ToLower(name) {
	case "host", "content-type", "content-length", "x-tc-timestamp":
		return "remove it (use endpoint: for the host)"
	case "x-tc-action":
		return "use action:"
	case "x-tc-version":
		return "use api_version:"
	case "x-tc-region":
		return "use region:"
	case "x-tc-language":
		return "use language:"
	case "x-tc-requestclient", "x-tc-content-sha256":
		return "remove it"
	}
	return ""
}

// Marshal encodes s as a snippet file: keys in a fixed order (the struct's
// order; map keys sorted), two-space indentation, a trailing newline. It
// refuses a snippet that carries a credential, like Parse.
func Marshal(s *Snippet) ([]byte, error) {
	c := *s
	if c.Version == 0 {
		c.Version = FormatVersion
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	// Check what would be written, exactly as the loader will see it.
	var raw any
	if err := yaml.Unmarshal(buf.Bytes(), &raw); err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	if err := checkSecrets(raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// normalize turns what YAML decodes into JSON-shaped values: maps with
// string keys, []any lists, int64/float64/bool/string scalars.
func normalize(v any) any {
	switch x := v.(type) {
	case nil:
		return map[string]any(nil)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeValue(e)
		}
		return out
	}
	return v
}

func normalizeValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeValue(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalizeValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case int:
		return int64(x)
	case uint64:
		return x
	}
	return v
}
