package sandbox

import (
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tcx-dev/tcx/api"
)

// Size limits of the service (request-structure doc).
const (
	maxGETQuery = 32 << 10 // a GET request's query string
	maxV1Body   = 1 << 20  // a POST form body signed with v1
	maxTC3Body  = 10 << 20 // a POST body signed with TC3
)

// Signature styles of a request.
const (
	styleTC3  = api.TC3HMACSHA256
	styleSkip = "SKIP"
	styleV1   = "v1"
)

// request is what the sandbox understood of one API call, filled step by
// step so that faults and errors can use whatever was parsed so far.
type request struct {
	method    string
	host      string // Host header as sent
	style     string // styleTC3, styleSkip or styleV1
	mediaType string // lower-case media type of Content-Type
	action    string
	version   string
	region    string
	hasRegion bool
	token     string
	language  string
	timestamp int64
	service   string // TC3 credential-scope service
	product   string // resolved product

	// TC3
	auth tc3Auth
	body []byte
	// v1
	v1 url.Values

	// params are the action's parameters: decoded JSON for POST JSON, or
	// the flattened pairs of GET and v1 (flat), unflattened on demand.
	params map[string]any
	flat   map[string]string
}

// tc3Auth is a parsed TC3 Authorization header.
type tc3Auth struct {
	secretID, date, service string
	signedHeaders           []string
	signature               string
}

// isV1Common reports v1 common parameters, which are not the action's own.
func isV1Common(name string) bool {
	switch name {
	case "Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
		"SignatureMethod", "Token", "Language", "RequestClient":
		return true
	}
	return false
}

// parse reads r into q. It never reads more than the size limits.
func parse(w http.ResponseWriter, r *http.Request, q *request) *apiError {
	q.method = r.Method
	q.host = r.Host
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return errorf("UnsupportedProtocol", "The HTTP method %s is not supported: API 3.0 accepts GET and POST only.", safeText(r.Method))
	}
	if r.URL.Path != "/" && r.URL.Path != "" {
		return errorf("UnsupportedProtocol", "The path %s is not served: API 3.0 requests go to /.", safeText(r.URL.Path))
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
		q.mediaType = mt
	}
	if r.Method == http.MethodGet && len(r.URL.RawQuery) > maxGETQuery {
		return errorf("RequestSizeLimitExceeded", "The GET request is %d bytes long; the limit is %d: send large requests with POST.", len(r.URL.RawQuery), maxGETQuery)
	}
	authz := r.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(authz, api.TC3HMACSHA256):
		q.style = styleTC3
	case authz == "SKIP":
		q.style = styleSkip
	case authz != "":
		q.action = r.Header.Get("X-TC-Action")
		return errorf("AuthFailure.InvalidAuthorization", "The Authorization header is not in the TC3-HMAC-SHA256 format.")
	case r.Method == http.MethodPost && q.mediaType == "application/x-www-form-urlencoded",
		r.Method == http.MethodGet && r.Header.Get("X-TC-Action") == "":
		q.style = styleV1
	default:
		q.action = r.Header.Get("X-TC-Action")
		return errorf("AuthFailure.InvalidAuthorization", "The request has no Authorization header: sign it with TC3-HMAC-SHA256.")
	}
	if q.style == styleV1 {
		return parseV1(w, r, q)
	}
	return parseTC3(w, r, q)
}

func parseTC3(w http.ResponseWriter, r *http.Request, q *request) *apiError {
	h := r.Header
	q.action = h.Get("X-TC-Action")
	q.version = h.Get("X-TC-Version")
	q.region, q.hasRegion = headerValue(h, "X-TC-Region")
	q.token = h.Get("X-TC-Token")
	q.language = h.Get("X-TC-Language")
	if q.style == styleTC3 {
		// First, so that the product is known to fault rules even when
		// something else is wrong.
		a, e := parseTC3Authorization(h.Get("Authorization"))
		if e != nil {
			return e
		}
		q.auth = a
		q.service = a.service
	}
	if r.Method == http.MethodPost {
		switch q.mediaType {
		case "application/json", "multipart/form-data", "application/octet-stream":
		case "application/x-www-form-urlencoded":
			return errorf("InvalidParameter", "A form-encoded POST must be signed with HmacSHA1 or HmacSHA256 (v1); with TC3-HMAC-SHA256 send application/json.")
		default:
			return errorf("InvalidParameter", "The Content-Type %q is not supported: send application/json.", safeText(r.Header.Get("Content-Type")))
		}
		body, e := readBody(w, r, maxTC3Body)
		if e != nil {
			return e
		}
		q.body = body
	}
	if r.Method == http.MethodGet {
		vals, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return errorf("InvalidParameter", "The query string is not valid form encoding: %v.", err)
		}
		q.flat = make(map[string]string, len(vals))
		for k, v := range vals {
			q.flat[k] = v[0]
		}
	}
	if q.action == "" {
		return errorf("MissingParameter", "The request is missing a required parameter `Action` (header X-TC-Action).")
	}
	if q.version == "" {
		return errorf("MissingParameter", "The request is missing a required parameter `Version` (header X-TC-Version).")
	}
	ts := h.Get("X-TC-Timestamp")
	if ts == "" {
		return errorf("MissingParameter", "The request is missing a required parameter `Timestamp` (header X-TC-Timestamp).")
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errorf("InvalidParameterValue", "The value of X-TC-Timestamp %q is not a Unix time in seconds.", safeText(ts))
	}
	q.timestamp = n
	if q.hasRegion && q.region == "" {
		return errorf("InvalidParameterValue", "The value of X-TC-Region is empty: omit the header or name a region such as ap-guangzhou.")
	}
	if e := checkLanguage(q.language); e != nil {
		return e
	}
	return nil
}

// parseTC3Authorization parses
// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX".
func parseTC3Authorization(v string) (tc3Auth, *apiError) {
	var a tc3Auth
	bad := func(why string) (tc3Auth, *apiError) {
		return tc3Auth{}, errorf("AuthFailure.InvalidAuthorization", "The Authorization header is malformed: %s.", why)
	}
	rest, ok := strings.CutPrefix(v, api.TC3HMACSHA256+" ")
	if !ok {
		return bad("it must start with `TC3-HMAC-SHA256 `")
	}
	var cred, signed string
	seen := 0
	for _, part := range strings.Split(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return bad("expected Credential=…, SignedHeaders=…, Signature=…")
		}
		switch k {
		case "Credential":
			cred = val
			seen |= 1
		case "SignedHeaders":
			signed = val
			seen |= 2
		case "Signature":
			a.signature = val
			seen |= 4
		default:
			return bad("unknown field " + strconv.Quote(safeText(k)))
		}
	}
	if seen != 7 {
		return bad("Credential, SignedHeaders and Signature are all required")
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 4 || parts[0] == "" || parts[3] != "tc3_request" {
		return bad("Credential must be SecretId/Date/Service/tc3_request")
	}
	a.secretID, a.date, a.service = parts[0], parts[1], parts[2]
	if a.service == "" {
		return bad("the credential scope names no service")
	}
	if signed == "" {
		return bad("SignedHeaders is empty")
	}
	a.signedHeaders = strings.Split(signed, ";")
	var hasCT, hasHost bool
	for _, n := range a.signedHeaders {
		switch n {
		case "content-type":
			hasCT = true
		case "host":
			hasHost = true
		case "":
			return bad("SignedHeaders has an empty name")
		}
	}
	if !hasCT || !hasHost {
		return bad("SignedHeaders must include content-type and host")
	}
	if len(a.signature) != 64 {
		return bad("Signature must be 64 hex digits")
	}
	return a, nil
}

func parseV1(w http.ResponseWriter, r *http.Request, q *request) *apiError {
	raw := r.URL.RawQuery
	if r.Method == http.MethodPost {
		body, e := readBody(w, r, maxV1Body)
		if e != nil {
			if e.Code == "RequestSizeLimitExceeded" {
				// What the service answers (seen in SDK issues).
				return errorf("AuthFailure.SignatureFailure", "The provided credentials could not be validated because of exceeding request size limit, please use new signature method `TC3-HMAC-SHA256`.")
			}
			return e
		}
		raw = string(body)
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return errorf("InvalidParameter", "The request parameters are not valid form encoding: %v.", err)
	}
	q.v1 = vals
	q.action = vals.Get("Action")
	q.version = vals.Get("Version")
	q.region = vals.Get("Region")
	_, q.hasRegion = vals["Region"]
	if q.hasRegion && q.region == "" {
		q.hasRegion = false // the Go SDK always sends Region=, even for global APIs
	}
	q.token = vals.Get("Token")
	q.language = vals.Get("Language")
	if e := checkLanguage(q.language); e != nil {
		return e
	}
	for _, p := range []string{"Action", "SecretId", "Signature", "Timestamp", "Nonce", "Version"} {
		if _, ok := vals[p]; !ok {
			return errorf("MissingParameter", "The request is missing a required parameter `%s`.", p)
		}
	}
	n, err := strconv.ParseInt(vals.Get("Timestamp"), 10, 64)
	if err != nil {
		return errorf("InvalidParameterValue", "The value of Timestamp %q is not a Unix time in seconds.", safeText(vals.Get("Timestamp")))
	}
	q.timestamp = n
	q.flat = make(map[string]string, len(vals))
	for k, v := range vals {
		if !isV1Common(k) && len(v) > 0 {
			q.flat[k] = v[0]
		}
	}
	return nil
}

// readBody reads at most limit bytes of the body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *apiError) {
	if r.ContentLength > limit {
		return nil, errorf("RequestSizeLimitExceeded", "The request body is %d bytes; the limit is %d.", r.ContentLength, limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errorf("RequestSizeLimitExceeded", "The request body is larger than the limit of %d bytes.", limit)
		}
		return nil, errorf("InvalidParameter", "The request body could not be read: %v.", err)
	}
	return body, nil
}

// tc3Headers rebuilds the signed headers from the wire.
func tc3Headers(r *http.Request, names []string) []api.Header {
	out := make([]api.Header, len(names))
	for i, n := range names {
		var v string
		switch n {
		case "host":
			v = r.Host
		default:
			v = strings.Join(r.Header.Values(n), ",")
		}
		out[i] = api.Header{Name: n, Value: v}
	}
	return out
}

// headerValue reports a header's first value and whether it was sent at all.
func headerValue(h http.Header, name string) (string, bool) {
	v, ok := h[http.CanonicalHeaderKey(name)]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// hostLabel returns the first label of host when host is a DNS name (not an
// IP address or localhost), else "".
func hostLabel(host string) string {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" || h == "localhost" || net.ParseIP(strings.Trim(h, "[]")) != nil {
		return ""
	}
	label, _, ok := strings.Cut(h, ".")
	if !ok {
		return ""
	}
	return label
}

// unflatten turns dotted GET/v1 parameters (Filters.0.Name=x) into nested
// maps and lists of strings.
func unflatten(flat map[string]string) (map[string]any, *apiError) {
	root := map[string]any{}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts := strings.Split(k, ".")
		cur := root
		for i, p := range parts {
			if p == "" {
				return nil, errorf("InvalidParameter", "The parameter name %q is malformed.", safeText(k))
			}
			if i == len(parts)-1 {
				if _, exists := cur[p]; exists {
					return nil, errorf("InvalidParameter", "The parameter %q is given both as a value and as a structure.", safeText(k))
				}
				cur[p] = flat[k]
				break
			}
			next, ok := cur[p].(map[string]any)
			if !ok {
				if _, exists := cur[p]; exists {
					return nil, errorf("InvalidParameter", "The parameter %q is given both as a value and as a structure.", safeText(k))
				}
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
	}
	v, e := listify(root, "")
	if e != nil {
		return nil, e
	}
	return v.(map[string]any), nil
}

// listify converts maps whose keys are 0..n-1 into lists.
func listify(v any, path string) (any, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return v, nil
	}
	allIdx := len(m) > 0
	for k := range m {
		if _, err := strconv.Atoi(k); err != nil {
			allIdx = false
			break
		}
	}
	for k, child := range m {
		c, e := listify(child, path+k+".")
		if e != nil {
			return nil, e
		}
		m[k] = c
	}
	if !allIdx || path == "" {
		return m, nil
	}
	list := make([]any, len(m))
	for k, child := range m {
		i, _ := strconv.Atoi(k)
		if i < 0 || i >= len(m) || strconv.Itoa(i) != k || list[i] != nil {
			return nil, errorf("InvalidParameter", "The list %s has index %d out of sequence: indexes start at 0 with no gaps.", strings.TrimSuffix(path, "."), i)
		}
		list[i] = child
	}
	return list, nil
}

// safeText bounds and cleans text echoed back in error messages.
func safeText(s string) string {
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

// checkLanguage accepts the two languages of error messages ("" = default).
func checkLanguage(l string) *apiError {
	switch l {
	case "", "zh-CN", "en-US":
		return nil
	}
	return errorf("InvalidParameterValue", "The language `%s` is not supported: use zh-CN or en-US.", safeText(l))
}
