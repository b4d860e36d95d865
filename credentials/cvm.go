package credentials

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// cvmWindow: the SDKs refresh CVM role credentials when fewer than 300 s
// remain (signatures fail beyond a 300 s gap anyway).
const cvmWindow = 300 * time.Second

// ErrNoRole means the metadata service answered but no role is bound to the
// instance, or the service is not there at all (not a CVM).
var ErrNoRole = errors.New("no CVM role")

// CVMRole fetches the instance role's temporary credentials from the CVM
// metadata service. Wrap it in a Cache with a 300 s window (NewCVMRole does).
type CVMRole struct {
	// BaseURL is the metadata base, ending in "/"; "" means DefaultMetadataURL.
	BaseURL string
	// RoleName is the role; "" discovers it (once, then remembered).
	RoleName string
	// Region is the region the credential suggests; "" asks the metadata
	// service (placement/region).
	Region string
	Client *http.Client

	role string // discovered
}

// NewCVMRole returns a cached CVM role provider.
func NewCVMRole(o Options, roleName string) *Cache {
	return o.cvmRoleCache(roleName, "")
}

func (o *Options) cvmRoleCache(roleName, region string) *Cache {
	base := o.metadataURL()
	if base == "" {
		base = DefaultMetadataURL
	}
	return &Cache{Provider: &CVMRole{BaseURL: base, RoleName: roleName, Region: region, Client: o.httpClient()}, Window: cvmWindow, Now: o.Now}
}

func (p *CVMRole) base() string {
	if p.BaseURL == "" {
		return DefaultMetadataURL
	}
	return p.BaseURL
}

// get fetches one metadata path and returns the body and status.
func (p *CVMRole) get(ctx context.Context, path string) ([]byte, int, error) {
	c := p.Client
	if c == nil {
		c = &http.Client{Timeout: DefaultMetadataTimeout, Transport: &http.Transport{Proxy: nil}}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base()+path, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return b, resp.StatusCode, err
}

// DiscoverRole asks the metadata service which role is bound. Errors wrap
// ErrNoRole when the service is unreachable or no role is bound.
func (p *CVMRole) DiscoverRole(ctx context.Context) (string, error) {
	u := p.base() + "cam/security-credentials/"
	b, code, err := p.get(ctx, "cam/security-credentials/")
	switch {
	case err != nil:
		return "", fmt.Errorf("%w: metadata service %s unreachable (%s); not on a CVM", ErrNoRole, u, netReason(err))
	case code == http.StatusNotFound:
		return "", fmt.Errorf("%w: %s answered 404: no role is bound to this instance", ErrNoRole, u)
	case code != http.StatusOK:
		return "", fmt.Errorf("%w: %s answered HTTP %d", ErrNoRole, u, code)
	}
	role := strings.TrimSpace(string(b))
	if i := strings.IndexAny(role, "\r\n"); i >= 0 {
		role = strings.TrimSpace(role[:i]) // one role per instance; take the first line
	}
	if role == "" || strings.ContainsAny(role, "/ {<") {
		return "", fmt.Errorf("%w: %s answered no role name", ErrNoRole, u)
	}
	return role, nil
}

type metadataCredential struct {
	TmpSecretID  string `json:"TmpSecretId"`
	TmpSecretKey string
	Token        string
	ExpiredTime  json.Number
	Expiration   string
	Code         string
}

// Retrieve discovers the role when needed and fetches its credentials.
func (p *CVMRole) Retrieve(ctx context.Context) (api.Credential, error) {
	role := p.RoleName
	if role == "" {
		role = p.role
	}
	if role == "" {
		r, err := p.DiscoverRole(ctx)
		if err != nil {
			return api.Credential{}, err
		}
		role, p.role = r, r // Cache serialises Retrieve, so this is safe under it
	}
	u := p.base() + "cam/security-credentials/" + url.PathEscape(role)
	b, code, err := p.get(ctx, "cam/security-credentials/"+url.PathEscape(role))
	if err != nil {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s: %s", role, u, netReason(err))
	}
	if code != http.StatusOK {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s answered HTTP %d; is the role still bound?", role, u, code)
	}
	var m metadataCredential
	if err := json.Unmarshal(b, &m); err != nil {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s answered something that is not the credential JSON (%d bytes)", role, u, len(b))
	}
	if m.Code != "Success" {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s answered Code %q, not \"Success\"", role, u, m.Code)
	}
	if m.TmpSecretID == "" || m.TmpSecretKey == "" || m.Token == "" {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s answered Success without TmpSecretId, TmpSecretKey and Token", role, u)
	}
	var exp time.Time
	if n, err := strconv.ParseInt(m.ExpiredTime.String(), 10, 64); err == nil && n > 0 {
		exp = time.Unix(n, 0)
	} else if t, err := time.Parse(time.RFC3339, m.Expiration); err == nil {
		exp = t
	} else {
		return api.Credential{}, fmt.Errorf("cvm role %s: %s answered no ExpiredTime", role, u)
	}
	region := p.Region
	if region == "" {
		if b, code, err := p.get(ctx, "placement/region"); err == nil && code == http.StatusOK {
			if r := strings.TrimSpace(string(b)); r != "" && !strings.ContainsAny(r, " \n<{") {
				region = r
			}
		}
	}
	return api.Credential{SecretID: m.TmpSecretID, SecretKey: m.TmpSecretKey, Token: m.Token, Expires: exp,
		Source: "cvm role " + role + " (" + p.base() + ")", Region: region}, nil
}

// netReason says briefly why a request failed.
func netReason(err error) string {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// cvmStep asks the metadata service for the instance role.
func cvmStep(ctx context.Context, o *Options) (api.CredentialProvider, api.Credential, Step, error) {
	st := Step{Source: SourceCVMRole}
	base := o.metadataURL()
	if base == "" {
		return nil, api.Credential{}, st, skip("turned off")
	}
	st.Looked = []string{base + "cam/security-credentials/"}
	cache := o.cvmRoleCache("", "")
	inner := cache.Provider.(*CVMRole)
	role, err := inner.DiscoverRole(ctx)
	if err != nil {
		return nil, api.Credential{}, st, skip("%s", strings.TrimPrefix(err.Error(), ErrNoRole.Error()+": "))
	}
	inner.role = role
	st.Looked = append(st.Looked, base+"cam/security-credentials/"+role)
	c, err := cache.Retrieve(ctx)
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	return cache, c, st, nil
}

// String describes the provider.
func (p *CVMRole) String() string {
	if p.RoleName == "" {
		return "cvm role (discovered) at " + p.base()
	}
	return "cvm role " + p.RoleName + " at " + p.base()
}
