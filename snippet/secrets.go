package snippet

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// secretName says what a key (compared without case, '_', '-' and spaces)
// holds when its value is a credential, or "" when it is an ordinary key.
// ClientToken and other idempotency keys are ordinary; so are ids.
func secretName(key string) string {
	switch normKey(key) {
	case "secretkey", "tmpsecretkey", "accesskeysecret":
		return "a secret key"
	case "secret":
		return "a secret"
	case "password":
		return "a password"
	case "token", "sessiontoken", "securitytoken", "tmptoken":
		return "a session token"
	case "xtctoken":
		return "a session token (X-TC-Token)"
	case "authorization":
		return "a signature (Authorization)"
	case "signature":
		return "a signature"
	case "credential", "credentials":
		return "a credential"
	}
	return ""
}

// credentialValue matches values that are signatures whatever their key.
var credentialValue = regexp.MustCompile(`(?i)(TC3-HMAC-SHA256\s+Credential=|Signature=[0-9a-f]{64})`)

// SecretError says why a snippet was refused: it would hold a credential.
type SecretError struct {
	Path string // where in the file: "headers.X-TC-Token", "params.Token"
	What string // "a session token"
}

func (e *SecretError) Error() string {
	return fmt.Sprintf("snippet refused: %s holds %s; a snippet names a profile and never carries credentials (remove the field; replay signs with the current credentials)", e.Path, e.What)
}

// checkSecrets walks a generically decoded document and reports the first
// field that holds a credential.
func checkSecrets(v any) error {
	return walkSecrets(v, "", 0)
}

func walkSecrets(v any, path string, depth int) error {
	if depth > 100 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if what := secretName(k); what != "" && !emptyValue(x[k]) {
				return &SecretError{Path: p, What: what}
			}
			if err := walkSecrets(x[k], p, depth+1); err != nil {
				return err
			}
		}
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = e
		}
		return walkSecrets(m, path, depth)
	case []any:
		for i, e := range x {
			if err := walkSecrets(e, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case string:
		if credentialValue.MatchString(x) {
			return &SecretError{Path: path, What: "a request signature"}
		}
	}
	return nil
}

func normKey(k string) string {
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(k))
}

// emptyValue: an empty or placeholder-only value is not a secret ("token:
// ${TOKEN}" is how a parameter that really is a token gets filled at replay).
func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		t := strings.TrimSpace(x)
		return t == "" || placeholderOnly.MatchString(t)
	}
	return false
}

// ContainsSecret reports whether text contains any of the given secrets
// (empty strings are ignored). Exports and saves use it as a last check.
func ContainsSecret(text string, secrets ...string) bool {
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			return true
		}
	}
	return false
}
