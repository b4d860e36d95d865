package credentials

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// STS API facts (spec 3.5, 3.7).
const (
	stsService = "sts"
	stsVersion = "2018-08-13"
)

// STSCaller sends one STS action and returns the body. base signs the
// request; nil sends it unsigned (Authorization: SKIP).
type STSCaller interface {
	CallSTS(ctx context.Context, action, region string, params map[string]any, base api.CredentialProvider) ([]byte, error)
}

// STSCallerFunc adapts a function to STSCaller.
type STSCallerFunc func(ctx context.Context, action, region string, params map[string]any, base api.CredentialProvider) ([]byte, error)

// CallSTS calls f.
func (f STSCallerFunc) CallSTS(ctx context.Context, action, region string, params map[string]any, base api.CredentialProvider) ([]byte, error) {
	return f(ctx, action, region, params, base)
}

// ClientSTS calls STS through api.Client: TC3, POST JSON, to Endpoint (""
// means sts.tencentcloudapi.com).
type ClientSTS struct {
	Endpoint string
	Timeout  time.Duration
	Getenv   func(string) string // proxy variables; nil reads none
}

// CallSTS implements STSCaller.
func (s ClientSTS) CallSTS(ctx context.Context, action, region string, params map[string]any, base api.CredentialProvider) ([]byte, error) {
	t := s.Timeout
	if t <= 0 {
		t = DefaultSTSTimeout
	}
	getenv := s.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c, err := api.NewClient(base, region, api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: s.Endpoint, Timeout: t}, Getenv: getenv})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	resp, err := c.Call(ctx, &api.Request{Service: stsService, Version: stsVersion, Action: action, Region: region, Params: params, SkipSign: base == nil})
	if err != nil {
		if ae, ok := api.AsError(err); ok && ae.Snippet != "" {
			cp := *ae
			cp.Snippet = api.RedactJSON(cp.Snippet)
			return nil, &cp
		}
		return nil, err
	}
	return resp.Body, nil
}

func (o *Options) sts() STSCaller {
	if o.STS != nil {
		return o.STS
	}
	return ClientSTS{Endpoint: o.STSEndpoint, Timeout: o.STSTimeout, Getenv: o.Getenv}
}

// stsCredentials is the part of an AssumeRole* answer we use.
type stsCredentials struct {
	Response struct {
		Credentials struct {
			Token        string
			TmpSecretID  string `json:"TmpSecretId"`
			TmpSecretKey string
		}
		ExpiredTime json.Number
		Expiration  string
		RequestID   string `json:"RequestId"`
	}
}

// decodeSTS turns an STS answer into a credential.
func decodeSTS(body []byte, action, source, region string) (api.Credential, error) {
	var r stsCredentials
	if err := json.Unmarshal(body, &r); err != nil {
		return api.Credential{}, fmt.Errorf("sts %s: the answer is not the expected JSON (%d bytes)", action, len(body))
	}
	c := r.Response.Credentials
	if c.TmpSecretID == "" || c.TmpSecretKey == "" || c.Token == "" {
		return api.Credential{}, fmt.Errorf("sts %s: the answer has no Credentials (RequestId %s)", action, r.Response.RequestID)
	}
	var exp time.Time
	if n, err := strconv.ParseInt(r.Response.ExpiredTime.String(), 10, 64); err == nil && n > 0 {
		exp = time.Unix(n, 0)
	} else if t, err := time.Parse(time.RFC3339, r.Response.Expiration); err == nil {
		exp = t
	} else {
		return api.Credential{}, fmt.Errorf("sts %s: the answer has no ExpiredTime (RequestId %s)", action, r.Response.RequestID)
	}
	return api.Credential{SecretID: c.TmpSecretID, SecretKey: c.TmpSecretKey, Token: c.Token, Expires: exp, Source: source, Region: region}, nil
}

// AssumeRole gets temporary credentials for RoleArn with sts AssumeRole,
// signed with Base. Wrap it in a Cache: every Retrieve calls STS.
type AssumeRole struct {
	Base            api.CredentialProvider
	RoleArn         string
	RoleSessionName string        // "" means tcx-<unix seconds>
	Duration        time.Duration // 0 means DefaultDuration; at most 12 h
	Region          string        // of the STS call; "" means ap-guangzhou
	// CredRegion is the region the resulting credential suggests.
	CredRegion string
	// Source describes the base ("ini file … [prod]"); the result's Source
	// adds the role.
	Source string
	STS    STSCaller
	Now    func() time.Time
}

// Retrieve calls STS.
func (a *AssumeRole) Retrieve(ctx context.Context) (api.Credential, error) {
	d := a.Duration
	if d == 0 {
		d = DefaultDuration
	}
	if d < 0 || d > 43200*time.Second {
		return api.Credential{}, fmt.Errorf("assume role %s: duration %s is outside (0, 12h]", a.RoleArn, d)
	}
	if a.RoleArn == "" {
		return api.Credential{}, fmt.Errorf("assume role: no role ARN")
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	name := a.RoleSessionName
	if name == "" {
		name = "tcx-" + strconv.FormatInt(now().Unix(), 10)
	}
	region := a.Region
	if region == "" {
		region = DefaultSTSRegion
	}
	params := map[string]any{"RoleArn": a.RoleArn, "RoleSessionName": name, "DurationSeconds": int(d / time.Second)}
	body, err := a.STS.CallSTS(ctx, "AssumeRole", region, params, a.Base)
	if err != nil {
		return api.Credential{}, fmt.Errorf("assume role %s: %w", a.RoleArn, err)
	}
	src := "role " + a.RoleArn + " assumed with " + a.Source
	return decodeSTS(body, "AssumeRole", src, a.CredRegion)
}

// assumeRoleCache builds the cached AssumeRole provider a profile with
// role_arn resolves to.
func (o *Options) assumeRoleCache(base api.CredentialProvider, arn, session, region, where string) *Cache {
	return &Cache{Provider: &AssumeRole{
		Base: base, RoleArn: arn, RoleSessionName: session, Region: region, CredRegion: region,
		Source: where, STS: o.sts(), Now: o.Now,
	}, Window: stsWindow, Now: o.Now}
}

// stsWindow: refresh STS credentials when fewer than 5 minutes remain, like
// the CVM role (the SDKs' "after 10 % of the lifetime" asks STS twelve times
// as often as needed).
const stsWindow = 5 * time.Minute

// errorText keeps the first line of an error for a trace.
func errorText(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// String describes the provider.
func (a *AssumeRole) String() string { return "assume role " + a.RoleArn + " with " + a.Source }
