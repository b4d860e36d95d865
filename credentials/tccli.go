package credentials

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// EnvTccliProfile names the tccli profile (tccli's own variable).
const EnvTccliProfile = "TCCLI_PROFILE"

// Kinds of tccli credential files (the "type" field).
const (
	TccliDefault = "default"
	TccliCVMRole = "cvm-role"
	TccliRoleArn = "role-arn"
	TccliOAuth   = "oauth"
	TccliSSO     = "sso"
)

// TccliProfile is one tccli profile: <name>.credential and, when present,
// <name>.configure. String never shows the key or token.
type TccliProfile struct {
	Name            string
	CredentialPath  string
	ConfigurePath   string // "" when there is none
	Type            string // TccliDefault when the file has none
	SecretID        string
	SecretKey       string
	Token           string
	RoleArn         string
	RoleSessionName string
	RoleName        string    // cvm-role: the role, "" to discover it
	Expires         time.Time // oauth/sso: when the stored temporary key expires
	Region          string    // from the configure file's _sys_param
}

// String describes the profile without secrets.
func (p TccliProfile) String() string {
	return fmt.Sprintf("tccli %s (%s) %s", p.Name, p.Type, api.MaskID(p.SecretID))
}

type tccliCredential struct {
	Type            string          `json:"type"`
	SecretID        string          `json:"secretId"`
	SecretKey       string          `json:"secretKey"`
	Token           string          `json:"token"`
	RoleArn         string          `json:"role-arn"`
	RoleSessionName string          `json:"role-session-name"`
	RoleName        string          `json:"role-name"`
	ExpiresAt       json.RawMessage `json:"expiresAt"`
	OAuth           *struct {
		ExpiresAt json.RawMessage `json:"expiresAt"`
	} `json:"oauth"`
}

type tccliConfigure struct {
	SysParam struct {
		Region string `json:"region"`
	} `json:"_sys_param"`
}

// ParseTccliCredential parses a <name>.credential file. Errors are
// *FileError with the line and column of a JSON problem.
func ParseTccliCredential(path string, data []byte) (TccliProfile, error) {
	var c tccliCredential
	if err := decodeJSON(path, data, &c); err != nil {
		return TccliProfile{}, err
	}
	p := TccliProfile{
		CredentialPath: path, Type: strings.TrimSpace(c.Type), SecretID: c.SecretID, SecretKey: c.SecretKey,
		Token: c.Token, RoleArn: strings.TrimSpace(c.RoleArn), RoleSessionName: strings.TrimSpace(c.RoleSessionName),
		RoleName: strings.TrimSpace(c.RoleName),
	}
	if p.Type == "" {
		p.Type = TccliDefault
	}
	exp := c.ExpiresAt
	if len(exp) == 0 && c.OAuth != nil {
		exp = c.OAuth.ExpiresAt
	}
	if t, ok := parseTime(exp); ok {
		p.Expires = t
	}
	switch p.Type {
	case TccliDefault, TccliCVMRole, TccliRoleArn, TccliOAuth, TccliSSO:
	default:
		return p, &FileError{Path: path, Problem: fmt.Sprintf("unknown credential type %q (want default, cvm-role, role-arn, oauth or sso)", shortText(p.Type))}
	}
	return p, nil
}

// ParseTccliConfigure reads the region from a <name>.configure file.
func ParseTccliConfigure(path string, data []byte) (region string, err error) {
	var c tccliConfigure
	if err := decodeJSON(path, data, &c); err != nil {
		return "", err
	}
	return strings.TrimSpace(c.SysParam.Region), nil
}

// parseTime accepts Unix seconds (number or numeric string), Unix
// milliseconds and RFC 3339 text.
func parseTime(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e15 {
		if f > 1e11 { // milliseconds
			return time.UnixMilli(int64(f)), true
		}
		return time.Unix(int64(f), 0), true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// decodeJSON decodes one JSON object, reporting syntax and type errors with
// line and column but never the text around them.
func decodeJSON(path string, data []byte, v any) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return &FileError{Path: path, Problem: "is empty"}
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset)
		msg := se.Error()
		if strings.HasPrefix(msg, "invalid character") {
			// "invalid character 'x' looking for…" quotes one character; keep
			// the explanation only.
			if _, rest, ok := strings.Cut(msg, "' "); ok {
				msg = "invalid character " + rest
			}
		}
		return &FileError{Path: path, Line: line, Column: col, Problem: "not valid JSON: " + msg}
	case errors.As(err, &te):
		line, col := lineCol(data, te.Offset)
		return &FileError{Path: path, Line: line, Column: col, Problem: fmt.Sprintf("%s should be a %s, not a JSON %s", fieldName(te.Field), te.Type, te.Value)}
	}
	return &FileError{Path: path, Problem: "not valid JSON"}
}

func fieldName(f string) string {
	if f == "" {
		return "the file"
	}
	return strconv.Quote(f)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 1 {
		return 1, 1
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// loadTccli reads one tccli profile. It returns fs.ErrNotExist (wrapped)
// when the credential file does not exist.
func loadTccli(dir, name string) (TccliProfile, []string, error) {
	var warns []string
	cpath := filepath.Join(dir, name+".credential")
	data, warn, err := readCredFile(cpath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return TccliProfile{}, nil, err
		}
		var fe *FileError
		if errors.As(err, &fe) {
			return TccliProfile{}, nil, err
		}
		return TccliProfile{}, nil, &FileError{Path: cpath, Problem: describeOSErr(err)}
	}
	if warn != "" {
		warns = append(warns, warn)
	}
	p, err := ParseTccliCredential(cpath, data)
	if err != nil {
		return TccliProfile{}, warns, err
	}
	p.Name = name
	gpath := filepath.Join(dir, name+".configure")
	if g, err := os.ReadFile(gpath); err == nil {
		p.ConfigurePath = gpath
		region, err := ParseTccliConfigure(gpath, g)
		if err != nil {
			return p, warns, err
		}
		p.Region = region
	} else if !errors.Is(err, fs.ErrNotExist) {
		return p, warns, &FileError{Path: gpath, Problem: describeOSErr(err)}
	}
	return p, warns, nil
}

// tccliNames lists the profiles in dir (every <name>.credential).
func tccliNames(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".credential"); ok && n != "" && !e.IsDir() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// tccliStep resolves the tccli profile named by sel.
func tccliStep(ctx context.Context, o *Options, sel selection) (api.CredentialProvider, api.Credential, Step, error) {
	st := Step{Source: SourceTccli}
	dir := o.tccliDir()
	if dir == "" {
		return nil, api.Credential{}, st, skip("no home folder (HOME is not set)")
	}
	st.Looked = append(st.Looked, filepath.Join(dir, sel.tccli+".credential"))
	p, warns, err := loadTccli(dir, sel.tccli)
	st.Warnings = append(st.Warnings, warns...)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, api.Credential{}, st, skip("no tccli profile %q (has: %s)", sel.tccli, listOrNone(tccliNames(dir)))
	}
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	if p.ConfigurePath != "" {
		st.Looked = append(st.Looked, p.ConfigurePath)
	}
	where := fmt.Sprintf("tccli profile %s (%s)", p.Name, p.CredentialPath)
	base := api.Credential{SecretID: p.SecretID, SecretKey: p.SecretKey, Token: p.Token, Source: where, Region: p.Region}
	switch p.Type {
	case TccliCVMRole:
		prov := o.cvmRoleCache(p.RoleName, p.Region)
		c, err := prov.Retrieve(ctx)
		if err != nil {
			return nil, api.Credential{}, st, err
		}
		return prov, c, st, nil
	case TccliOAuth, TccliSSO:
		base.Expires = p.Expires
		if p.Expires.IsZero() {
			return nil, api.Credential{}, st, &FileError{Path: p.CredentialPath, Problem: p.Type + " profile has no expiresAt; run tccli auth login again"}
		}
		if !o.now().Before(p.Expires) {
			return nil, api.Credential{}, st, &FileError{Path: p.CredentialPath, Problem: fmt.Sprintf("%s login expired at %s; tcx does not refresh it: run tccli auth login --profile %s", p.Type, p.Expires.UTC().Format(time.RFC3339), p.Name)}
		}
	}
	if err := base.Validate(); err != nil {
		return nil, api.Credential{}, st, err
	}
	if p.Type == TccliRoleArn {
		if p.RoleArn == "" {
			return nil, api.Credential{}, st, &FileError{Path: p.CredentialPath, Problem: "role-arn profile has no \"role-arn\""}
		}
		base.Token, base.Expires = "", time.Time{} // the stored token belongs to an old session
		prov := o.assumeRoleCache(Static{Credential: base, Now: o.Now}, p.RoleArn, p.RoleSessionName, p.Region, where)
		c, err := prov.Retrieve(ctx)
		if err != nil {
			return nil, api.Credential{}, st, err
		}
		return prov, c, st, nil
	}
	prov := Static{Credential: base, Now: o.Now}
	return prov, base, st, nil
}

// GoString keeps %#v from printing secrets.
func (p TccliProfile) GoString() string { return p.String() }

// shortText shows at most 10 characters of a value from a file: enough to
// recognise a typo, too little to leak a key pasted in the wrong place.
func shortText(s string) string {
	r := []rune(s)
	if len(r) <= 10 {
		return s
	}
	return string(r[:6]) + "…"
}
