package credentials

import (
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Defaults for Options fields left zero.
const (
	// DefaultMetadataURL is the CVM metadata service (spec 3.6).
	DefaultMetadataURL = "http://metadata.tencentyun.com/latest/meta-data/"
	// DefaultSystemFile is the system-wide ini file the Python and Node SDKs read.
	DefaultSystemFile = "/etc/tencentcloud/credentials"
	// DefaultSTSRegion is the region STS calls use when nothing suggests one.
	DefaultSTSRegion = "ap-guangzhou"
	// DefaultDuration is the lifetime asked of STS (the SDKs' default).
	DefaultDuration = 7200 * time.Second
	// DefaultMetadataTimeout bounds each metadata request: off a CVM the
	// address does not answer, and the chain must not hang on it.
	DefaultMetadataTimeout = 2 * time.Second
	// DefaultSTSTimeout bounds each STS call.
	DefaultSTSTimeout = 15 * time.Second
)

// Options are every lookup the providers make. The zero value reads nothing
// from the process: set Getenv (os.Getenv) and friends explicitly, or start
// from FromOS.
type Options struct {
	// Getenv reads an environment variable; nil reads none.
	Getenv func(string) string
	// LookupEnv, when set, tells set-but-empty from unset; nil derives it
	// from Getenv ("" counts as unset).
	LookupEnv func(string) (string, bool)
	// Home is the home folder; "" means $HOME, else %USERPROFILE%.
	Home string
	// SystemFile is the system-wide ini file; "" means DefaultSystemFile,
	// "-" means none.
	SystemFile string
	// Profile is a profile named explicitly (--profile). It wins over the
	// environment's keys and over TENCENTCLOUD_PROFILE / TCCLI_PROFILE, and
	// when neither the ini file nor tccli has it the chain stops there.
	Profile string
	// MetadataURL is the CVM metadata base; "" means DefaultMetadataURL,
	// "-" turns the CVM role step off.
	MetadataURL string
	// MetadataTimeout bounds each metadata request; 0 means DefaultMetadataTimeout.
	MetadataTimeout time.Duration
	// STSEndpoint overrides the STS host (host[:port] or a URL such as
	// http://127.0.0.1:9000); "" means sts.tencentcloudapi.com.
	STSEndpoint string
	// STSTimeout bounds each STS call; 0 means DefaultSTSTimeout.
	STSTimeout time.Duration
	// HTTPClient sends metadata requests; nil means a client that ignores
	// proxies (the metadata address is link-local and must not be proxied).
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// STS overrides how STS is called (tests, or callers with their own
	// client); nil means api.Client with STSEndpoint.
	STS STSCaller
}

// FromOS returns Options reading the real process environment.
func FromOS() Options {
	return Options{Getenv: os.Getenv, LookupEnv: os.LookupEnv}
}

func (o *Options) getenv(k string) string {
	if o.Getenv == nil {
		return ""
	}
	return o.Getenv(k)
}

func (o *Options) lookupEnv(k string) (string, bool) {
	if o.LookupEnv != nil {
		return o.LookupEnv(k)
	}
	v := o.getenv(k)
	return v, v != ""
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// home returns the home folder, or "" when none is known.
func (o *Options) home() string {
	if o.Home != "" {
		return o.Home
	}
	if h := o.getenv("HOME"); h != "" {
		return h
	}
	return o.getenv("USERPROFILE")
}

func (o *Options) systemFile() string {
	switch o.SystemFile {
	case "":
		if runtime.GOOS == "windows" {
			return ""
		}
		return DefaultSystemFile
	case "-":
		return ""
	}
	return o.SystemFile
}

func (o *Options) metadataURL() string {
	switch o.MetadataURL {
	case "":
		return DefaultMetadataURL
	case "-":
		return ""
	}
	u := o.MetadataURL
	if u[len(u)-1] != '/' {
		u += "/"
	}
	return u
}

func (o *Options) httpClient() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	t := o.MetadataTimeout
	if t <= 0 {
		t = DefaultMetadataTimeout
	}
	return &http.Client{Timeout: t, Transport: &http.Transport{Proxy: nil, ResponseHeaderTimeout: t}}
}

// iniPath is the home ini file, or "" without a home folder.
func (o *Options) homeIniPath() string {
	h := o.home()
	if h == "" {
		return ""
	}
	return filepath.Join(h, ".tencentcloud", "credentials")
}

func (o *Options) tccliDir() string {
	h := o.home()
	if h == "" {
		return ""
	}
	return filepath.Join(h, ".tccli")
}
