package sandbox

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// The default key pair. It is obviously fake and only ever accepted by a
// sandbox; the explorer offers it as the `sandbox` profile.
const (
	DefaultSecretID  = "AKIDsandboxTCXdefault0000000000000000"
	DefaultSecretKey = "sandbox-secret-key-not-a-real-key"
)

// Key is one long-term id/key pair the sandbox accepts.
type Key struct {
	SecretID  string
	SecretKey string
}

// DefaultKey returns the default sandbox key pair.
func DefaultKey() Key { return Key{SecretID: DefaultSecretID, SecretKey: DefaultSecretKey} }

// ParseKey parses "ID=KEY" (the --key flag).
func ParseKey(s string) (Key, error) {
	id, key, ok := strings.Cut(strings.TrimSpace(s), "=")
	id, key = strings.TrimSpace(id), strings.TrimSpace(key)
	if !ok || id == "" || key == "" {
		return Key{}, fmt.Errorf("key %q: want SECRET_ID=SECRET_KEY", maskKeyArg(s))
	}
	return Key{SecretID: id, SecretKey: key}, nil
}

// ReadKeys reads a keys file: one "ID=KEY" (or "ID KEY") per line; blank
// lines and lines starting with '#' are ignored.
func ReadKeys(r io.Reader) ([]Key, error) {
	var keys []Key
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, "=") {
			if f := strings.Fields(line); len(f) == 2 {
				line = f[0] + "=" + f[1]
			}
		}
		k, err := ParseKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		keys = append(keys, k)
	}
	return keys, sc.Err()
}

func maskKeyArg(s string) string {
	id, _, _ := strings.Cut(s, "=")
	return id + "=…"
}

// principal is who signed a request.
type principal struct {
	SecretID, SecretKey string
	Token               string    // non-empty for temporary credentials
	Expires             time.Time // zero for long-term keys
	Arn                 string    // caller ARN for GetCallerIdentity
	RoleSession         string
}

// keyring holds long-term keys (fixed at start) and temporary credentials
// issued by the fake STS and metadata service.
type keyring struct {
	long map[string]principal

	mu   sync.Mutex
	temp map[string]principal
}

func newKeyring(keys []Key) *keyring {
	k := &keyring{long: make(map[string]principal, len(keys)), temp: map[string]principal{}}
	for _, key := range keys {
		k.long[key.SecretID] = principal{
			SecretID: key.SecretID, SecretKey: key.SecretKey,
			Arn: "qcs::cam::uin/" + sandboxUin + ":uin/" + sandboxUin,
		}
	}
	return k
}

// sandboxUin is the account every sandbox key belongs to.
const sandboxUin = "100000000001"

// lookup finds the principal for id.
func (k *keyring) lookup(id string) (principal, bool) {
	if p, ok := k.long[id]; ok {
		return p, true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.temp[id]
	return p, ok
}

// issue creates temporary credentials valid until expires.
func (k *keyring) issue(now, expires time.Time, arn, session string) principal {
	p := principal{
		SecretID:    "AKIDtmp" + randomToken(29),
		SecretKey:   randomToken(32),
		Token:       randomToken(96),
		Expires:     expires,
		Arn:         arn,
		RoleSession: session,
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for id, t := range k.temp { // drop long-expired ones so the map stays small
		if now.Sub(t.Expires) > time.Hour {
			delete(k.temp, id)
		}
	}
	k.temp[p.SecretID] = p
	return p
}

// checkToken reports whether token is acceptable for p at now: long-term
// keys ignore tokens; temporary ones need their own, unexpired.
func (p principal) checkToken(token string, now time.Time) *apiError {
	if p.Token == "" {
		return nil
	}
	if token == "" {
		return errorf("AuthFailure.TokenFailure", "The SecretId %s is a temporary credential: send its token in X-TC-Token (v1: the Token parameter).", api.MaskID(p.SecretID))
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(p.Token)) != 1 {
		return errorf("AuthFailure.TokenFailure", "The token does not belong to SecretId %s.", api.MaskID(p.SecretID))
	}
	if !now.Before(p.Expires) {
		return errorf("AuthFailure.TokenFailure", "The temporary credential expired at %s: request new ones.", p.Expires.UTC().Format(time.RFC3339))
	}
	return nil
}

const tokenAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randomToken returns n random alphanumeric characters. Secrets are random
// even with a seed: determinism is for answers, not for keys.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on supported platforms; fall back to time.
		for i := range b {
			b[i] = byte(time.Now().UnixNano() >> (i % 8))
		}
	}
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return string(b)
}
