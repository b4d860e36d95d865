package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Defaults shared with the official SDKs.
const (
	DefaultRootDomain = "tencentcloudapi.com"
	DefaultTimeout    = 60 * time.Second
	// Version is sent in X-TC-RequestClient as TCX_<Version>.
	Version = "0.1.0"
)

// HTTPProfile says how requests travel. The zero value means the official
// defaults: HTTPS, POST, <service>.tencentcloudapi.com, 60 s, proxy from the
// environment, the system certificate pool.
type HTTPProfile struct {
	Scheme string // "https" (default) or "http"
	// Endpoint overrides the host: "cvm.ap-shanghai.tencentcloudapi.com",
	// "127.0.0.1:9000" or a full URL such as "http://127.0.0.1:9000" (its
	// scheme then wins over Scheme). The credential scope still names
	// Request.Service, never the endpoint's first label.
	Endpoint   string
	RootDomain string        // "tencentcloudapi.com"
	Method     string        // "POST" (default) or "GET"
	Timeout    time.Duration // whole exchange; 60 s when zero
	// Proxy is an explicit proxy URL (http://user:pass@host:port). When empty,
	// https_proxy/HTTPS_PROXY (or http_proxy/HTTP_PROXY for http endpoints)
	// apply, except for hosts listed in NO_PROXY and loopback hosts.
	Proxy string
	// CABundle is a PEM file of certificate authorities to trust instead of
	// the system pool.
	CABundle           string
	InsecureSkipVerify bool // verification off; for test gateways only
}

// ClientProfile configures a Client. The zero value matches the official
// SDKs' defaults: TC3-HMAC-SHA256, no unsigned payload, breaker off, no retries.
type ClientProfile struct {
	HTTP       HTTPProfile
	SignMethod string // TC3-HMAC-SHA256 (default), HmacSHA256, HmacSHA1
	// Language selects the language of error messages: "" (the server's
	// default, Chinese), "zh-CN" or "en-US". X-TC-Language is sent only when set.
	Language        string
	UnsignedPayload bool
	// RequestClient is appended to X-TC-RequestClient ("TCX_0.1.0; <suffix>");
	// at most 128 characters of [0-9a-zA-Z-_,;.].
	RequestClient string
	Breaker       *BreakerProfile // nil: breaker off
	Retry         RetryPolicy     // zero: no retries
	Logger        *Logger         // nil: silent

	// Clock returns the current time; nil means time.Now. Tests inject it to
	// move the breaker and timestamps without sleeping.
	Clock func() time.Time
	// Sleep waits between retries; nil means a context-aware timer. Tests
	// inject it to record delays instead of waiting.
	Sleep func(ctx context.Context, d time.Duration) error
	// Getenv reads proxy variables; nil means os.Getenv.
	Getenv func(string) string
}

func validRequestClient(s string) bool {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', strings.ContainsRune("-_,;.", r):
		default:
			return false
		}
	}
	return s != ""
}

// Validate reports the first setting that cannot work, saying how to fix it.
func (p *ClientProfile) Validate() error {
	switch p.SignMethod {
	case "", TC3HMACSHA256, HmacSHA1, HmacSHA256:
	default:
		return fmt.Errorf("sign method %q is not supported: use %s, %s or %s", p.SignMethod, TC3HMACSHA256, HmacSHA256, HmacSHA1)
	}
	switch p.Language {
	case "", "zh-CN", "en-US":
	default:
		return fmt.Errorf("language %q is not supported: use zh-CN or en-US", p.Language)
	}
	if p.RequestClient != "" {
		if len(p.RequestClient) > 128 {
			return fmt.Errorf("request client suffix is %d characters long: at most 128 are allowed", len(p.RequestClient))
		}
		if !validRequestClient(p.RequestClient) {
			return fmt.Errorf("request client suffix %q may only contain letters, digits and - _ , ; .", p.RequestClient)
		}
	}
	h := p.HTTP
	switch strings.ToLower(h.Scheme) {
	case "", "http", "https":
	default:
		return fmt.Errorf("scheme %q is not supported: use https or http", h.Scheme)
	}
	switch strings.ToUpper(h.Method) {
	case "", "GET", "POST":
	default:
		return fmt.Errorf("method %q is not supported: use POST or GET", h.Method)
	}
	if h.Timeout < 0 {
		return fmt.Errorf("timeout %s is negative", h.Timeout)
	}
	if h.Endpoint != "" {
		if _, err := parseEndpoint(h.Endpoint, "https"); err != nil {
			return err
		}
	}
	if h.Proxy != "" {
		u, err := url.Parse(h.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return fmt.Errorf("proxy %q is not a URL like http://host:port", redactURL(h.Proxy))
		}
	}
	if b := p.Breaker; b != nil {
		if err := b.validate(); err != nil {
			return err
		}
	}
	return p.Retry.validate()
}

// parseEndpoint turns an endpoint override into scheme and host.
func parseEndpoint(ep, scheme string) (*url.URL, error) {
	if strings.Contains(ep, "://") {
		u, err := url.Parse(ep)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("endpoint %q is not a URL like http://127.0.0.1:9000 or a host like cvm.tencentcloudapi.com", ep)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return nil, fmt.Errorf("endpoint %q: scheme must be http or https", ep)
		}
		if u.Path != "" && u.Path != "/" {
			return nil, fmt.Errorf("endpoint %q has a path: API 3.0 requests always go to /", ep)
		}
		return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
	}
	host := strings.TrimSuffix(ep, "/")
	if host == "" || strings.ContainsAny(host, "/?# ") {
		return nil, fmt.Errorf("endpoint %q is not a host like cvm.tencentcloudapi.com or a URL like http://127.0.0.1:9000", ep)
	}
	return &url.URL{Scheme: scheme, Host: host}, nil
}

// redactURL hides a password in a proxy URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
