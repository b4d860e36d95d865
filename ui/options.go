package ui

import (
	"fmt"
	"time"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/snippet"
)

// Profile is one credential profile as the explorer shows and uses it. The
// CLI builds these from the credential chain (and adds "sandbox").
type Profile struct {
	Name     string
	Source   string // where the credential comes from, in words
	MaskedID string // "AKID…1a2b"; never the secret
	Region   string
	Token    bool      // carries a session token
	Expires  time.Time // zero for long-term keys
	// Trace explains how the chain resolved this profile, one step a line.
	Trace []string
	// Provider signs requests; nil when the profile could not be resolved.
	Provider api.CredentialProvider
	// Endpoint and Backup override the hosts (the sandbox's listeners).
	Endpoint, Backup string
	Sandbox          bool
	Err              string // why the profile cannot be used
}

// Settings are the request settings editable in the settings pane.
type Settings struct {
	Region     string
	Method     string // POST or GET
	SignMethod string // TC3-HMAC-SHA256, HmacSHA256, HmacSHA1
	Language   string // "", zh-CN, en-US
	Breaker    bool
	Timeout    time.Duration
	// Breaker tuning (zero: the SDK defaults); tests shorten them.
	BreakerTimeout     time.Duration
	BreakerWindow      time.Duration
	BreakerMaxFail     int
	BreakerMaxRequests int
}

// DefaultSettings are the official SDK's defaults with the breaker on.
func DefaultSettings() Settings {
	return Settings{Region: "ap-guangzhou", Method: "POST", SignMethod: api.TC3HMACSHA256, Breaker: true}
}

// ClientProfile turns settings (and a profile's endpoints) into the core
// client's profile.
func (s Settings) ClientProfile(p Profile) api.ClientProfile {
	cp := api.ClientProfile{
		HTTP:          api.HTTPProfile{Endpoint: p.Endpoint, Method: s.Method, Timeout: s.Timeout},
		SignMethod:    s.SignMethod,
		Language:      s.Language,
		RequestClient: "explorer",
	}
	if s.Breaker {
		cp.Breaker = &api.BreakerProfile{
			BackupEndpoint: p.Backup,
			Timeout:        s.BreakerTimeout,
			WindowInterval: s.BreakerWindow,
			MaxFailNum:     s.BreakerMaxFail,
			MaxRequests:    s.BreakerMaxRequests,
		}
	}
	return cp
}

// ClientFactory builds the client for a profile and settings. NewClient
// performs no I/O, so it is safe to call from Update.
type ClientFactory func(p Profile, s Settings) (*api.Client, error)

// DefaultClientFactory uses api.NewClient.
func DefaultClientFactory(p Profile, s Settings) (*api.Client, error) {
	if p.Provider == nil {
		if p.Err != "" {
			return nil, fmt.Errorf("profile %s: %s", p.Name, p.Err)
		}
		return nil, fmt.Errorf("profile %s has no credential", p.Name)
	}
	return api.NewClient(p.Provider, s.Region, s.ClientProfile(p))
}

// Options configure the explorer.
type Options struct {
	Registry *schema.Registry
	Profiles []Profile
	Profile  string // initial profile ("" = the first)
	Settings Settings
	// NewClient builds clients; nil means DefaultClientFactory.
	NewClient ClientFactory
	// Banner is shown at start (e.g. why the sandbox is running).
	Banner string
	// Dark and NoColor choose the initial theme; the terminal's reported
	// background replaces Dark once it arrives.
	Dark, NoColor bool
	Now           func() time.Time
	// Snippets is the folder of saved requests (nil: saving is off).
	Snippets *snippet.Store
	// LookupEnv fills a snippet's ${VAR} placeholders when it is opened
	// (usually os.LookupEnv; nil: no variable has a value). It is called in
	// a command, never in Update.
	LookupEnv func(name string) (string, bool)
	// Action preselects product/version/action (e.g. "cvm DescribeInstances").
	Action string
	// History keeps requests across sessions (nil: this session only). It
	// is read and appended in commands.
	History *snippet.History
	// SaveSettings persists the settings when they change (nil: not kept).
	// It is called in a command.
	SaveSettings func(Settings) error
}
