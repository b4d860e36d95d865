package api

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// newTransport builds the one http.Transport a client keeps, so connections
// are reused (keep-alive) across calls and retries.
func newTransport(p HTTPProfile, getenv func(string) string) (*http.Transport, error) {
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	if p.CABundle != "" || p.InsecureSkipVerify {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: p.InsecureSkipVerify} //nolint:gosec // explicit user choice
		if p.CABundle != "" {
			pem, err := os.ReadFile(p.CABundle)
			if err != nil {
				return nil, fmt.Errorf("CA bundle: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA bundle %s holds no PEM certificates", p.CABundle)
			}
			cfg.RootCAs = pool
		}
		tr.TLSClientConfig = cfg
	}
	if p.Proxy != "" {
		u, err := url.Parse(p.Proxy)
		if err != nil {
			return nil, fmt.Errorf("proxy %q is not a URL", redactURL(p.Proxy))
		}
		tr.Proxy = http.ProxyURL(u)
	} else {
		tr.Proxy = envProxy(getenv)
	}
	return tr, nil
}

// envProxy reads the proxy variables through getenv on every request (not
// once per process like net/http), so tests and the CLI's own environment
// apply. Loopback hosts are never proxied, matching net/http.
func envProxy(getenv func(string) string) func(*http.Request) (*url.URL, error) {
	first := func(names ...string) string {
		for _, n := range names {
			if v := getenv(n); v != "" {
				return v
			}
		}
		return ""
	}
	return func(r *http.Request) (*url.URL, error) {
		var raw string
		if r.URL.Scheme == "https" {
			raw = first("HTTPS_PROXY", "https_proxy")
		} else {
			raw = first("HTTP_PROXY", "http_proxy")
		}
		if raw == "" {
			return nil, nil
		}
		host := r.URL.Hostname()
		if isLoopback(host) || noProxy(first("NO_PROXY", "no_proxy"), host, r.URL.Port()) {
			return nil, nil
		}
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("proxy from the environment %q is not a URL like http://host:port", redactURL(raw))
		}
		return u, nil
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// noProxy matches host against a NO_PROXY list: "*", exact hosts, domain
// suffixes (".example.com" or "example.com" also matching subdomains),
// host:port entries and CIDR ranges.
func noProxy(list, host, port string) bool {
	host = strings.ToLower(host)
	for _, e := range strings.Split(list, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if e == "*" {
			return true
		}
		if _, n, err := net.ParseCIDR(e); err == nil {
			if ip := net.ParseIP(host); ip != nil && n.Contains(ip) {
				return true
			}
			continue
		}
		if h, p, err := net.SplitHostPort(e); err == nil {
			if p != port {
				continue
			}
			e = h
		}
		e = strings.TrimPrefix(e, ".")
		if host == e || strings.HasSuffix(host, "."+e) {
			return true
		}
	}
	return false
}
