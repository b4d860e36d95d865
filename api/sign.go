package api

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"sort"
	"strings"
)

// Signature methods understood by the client and the sandbox.
const (
	TC3HMACSHA256 = "TC3-HMAC-SHA256"
	HmacSHA1      = "HmacSHA1"
	HmacSHA256    = "HmacSHA256"
)

// UnsignedPayload is the literal hashed in place of the body when the
// unsigned-payload option is on; it is also the value of X-TC-Content-SHA256.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// Header is one HTTP header as it takes part in a signature.
type Header struct{ Name, Value string }

// TC3Input is everything a TC3-HMAC-SHA256 signature depends on. The client
// builds it from what it is about to send; the sandbox builds it from what it
// received. Both then call SignTC3, so they cannot disagree.
type TC3Input struct {
	Method string // GET or POST, any case
	// Query is the exact query string placed in the URL, without '?'
	// ("" for POST).
	Query string
	// Headers are the signed headers with their values as sent; they must
	// include content-type and host. Order does not matter.
	Headers []Header
	// Payload is the request body. Ignored when PayloadHash is set.
	Payload []byte
	// PayloadHash, when set, is used as the hashed payload instead of hashing
	// Payload (the unsigned-payload mode sets it to PayloadHashOf(UnsignedPayload)).
	PayloadHash string
	Service     string
	Timestamp   int64
}

// TC3Signature is a computed signature with every intermediate value, so a
// person can compare step by step with their own code. It holds no secret.
type TC3Signature struct {
	Date                   string // UTC date of the timestamp, YYYY-MM-DD
	CredentialScope        string // <date>/<service>/tc3_request
	CanonicalRequest       string
	HashedCanonicalRequest string
	StringToSign           string
	PayloadHash            string
	SignedHeaders          string // content-type;host[;…]
	Signature              string // lower-case hex
	Authorization          string // value of the Authorization header
}

// PayloadHashOf is the lower-case hex SHA-256 of b.
func PayloadHashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SignTC3 computes a TC3-HMAC-SHA256 signature. It performs no I/O. Header
// names and values are lower-cased and trimmed and sorted by name, as the
// published algorithm says. Use a Signer to cache the derived key.
func SignTC3(secretID, secretKey string, in TC3Input) TC3Signature {
	return signTC3(nil, secretID, secretKey, in)
}

// TC3SigningKey derives kSigning = HMAC(HMAC(HMAC("TC3"+key, date), service), "tc3_request").
func TC3SigningKey(secretKey, date, service string) []byte {
	k := hmacSum(sha256.New, []byte("TC3"+secretKey), date)
	k = hmacSum(sha256.New, k, service)
	return hmacSum(sha256.New, k, "tc3_request")
}

func hmacSum(h func() hash.Hash, key []byte, msg string) []byte {
	m := hmac.New(h, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// canonicalHeaders lower-cases and trims names and values (as the published
// algorithm does) and sorts by name.
func canonicalHeaders(in []Header) []Header {
	out := make([]Header, len(in))
	for i, h := range in {
		out[i] = Header{Name: strings.ToLower(strings.TrimSpace(h.Name)), Value: strings.ToLower(strings.TrimSpace(h.Value))}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// V1Input is everything a legacy HmacSHA1/HmacSHA256 signature depends on.
type V1Input struct {
	Method string // GET or POST
	Host   string // without scheme
	Path   string // "/" when empty
	// Params are all request parameters except Signature: the flattened API
	// parameters plus Action, Version, Region, Timestamp, Nonce, SecretId,
	// SignatureMethod, Token, Language… as they will be sent.
	Params map[string]string
	// SignatureMethod is HmacSHA1 or HmacSHA256; as on the server, anything
	// other than HmacSHA256 means HmacSHA1.
	SignatureMethod string
}

// V1Signature is a computed v1 signature with its intermediates.
type V1Signature struct {
	StringToSign string
	Signature    string // standard base64
	// Encoded is every parameter including Signature, URL-encoded and sorted:
	// the query string for GET or the form body for POST.
	Encoded string
}

// SignV1 computes a legacy v1 signature: the parameters sorted by name with
// raw values form the string to sign; the wire form is URL-encoded.
func SignV1(secretKey string, in V1Input) V1Signature {
	keys := make([]string, 0, len(in.Params))
	for k := range in.Params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	path := in.Path
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.WriteString(strings.ToUpper(in.Method))
	b.WriteString(in.Host)
	b.WriteString(path)
	b.WriteByte('?')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(in.Params[k])
	}
	var s V1Signature
	s.StringToSign = b.String()
	h := sha1.New
	if in.SignatureMethod == HmacSHA256 {
		h = sha256.New
	}
	s.Signature = base64.StdEncoding.EncodeToString(hmacSum(h, []byte(secretKey), s.StringToSign))

	var e strings.Builder
	writeQuery(&e, keys, in.Params)
	if len(keys) > 0 {
		e.WriteByte('&')
	}
	e.WriteString("Signature=")
	e.WriteString(url.QueryEscape(s.Signature))
	s.Encoded = e.String()
	return s
}

// ValidSignMethod reports whether m is one of the three signature methods.
func ValidSignMethod(m string) error {
	switch m {
	case TC3HMACSHA256, HmacSHA1, HmacSHA256:
		return nil
	}
	return fmt.Errorf("unknown signature method %q: use %s, %s or %s", m, TC3HMACSHA256, HmacSHA256, HmacSHA1)
}
