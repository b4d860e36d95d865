package credentials

import (
	"errors"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// Profile is one entry of the profile picker: a credential some source
// offers, without secrets. List never touches the network.
type Profile struct {
	Name     string    `json:"name"`   // what --profile takes ("" for env and roles)
	Source   string    `json:"source"` // SourceEnv, SourceIni …
	Kind     string    `json:"kind"`   // "long-term", "temporary", "assume-role", "cvm-role", "oidc", "oauth", "sso"
	Path     string    `json:"path,omitempty"`
	Region   string    `json:"region,omitempty"`
	MaskedID string    `json:"masked_id,omitempty"`
	Token    bool      `json:"token"`
	Expires  time.Time `json:"expires,omitzero"`
	RoleArn  string    `json:"role_arn,omitempty"`
	// Selected marks the profile the chain would consider for its source
	// (the --profile / TENCENTCLOUD_PROFILE / TCCLI_PROFILE name).
	Selected bool `json:"selected"`
	// Problem says why the profile cannot be used as it stands ("" when fine).
	Problem string `json:"problem,omitempty"`
	// Note is extra information that is not a problem.
	Note string `json:"note,omitempty"`
}

// List returns every profile of every source: the environment's key pair,
// each ini section, each tccli profile and the TKE OIDC role when its
// variables are set. Files that cannot be read or parsed appear as one entry
// with the Problem. The CVM role is listed only as a hint (probing the
// metadata service belongs to Resolve).
func List(o Options) []Profile {
	sel := o.selection()
	var out []Profile

	if c, _, err := envStep(&o); err == nil {
		out = append(out, Profile{Source: SourceEnv, Kind: kindOf(c), Region: c.Region, MaskedID: c.MaskedID(), Token: c.Token != "", Path: c.Source})
	} else if nc := (*notConfigured)(nil); !errors.As(err, &nc) {
		out = append(out, Profile{Source: SourceEnv, Kind: "long-term", Problem: errorText(err)})
	}

	var st Step
	if f, err := o.loadIni(&st); err != nil {
		out = append(out, Profile{Source: SourceIni, Path: firstLooked(st), Problem: errorText(err)})
	} else if f != nil {
		for _, p := range f.Profiles {
			e := Profile{Name: p.Name, Source: SourceIni, Kind: "long-term", Path: f.Path, Region: p.Region,
				MaskedID: api.MaskID(p.SecretID), Token: p.Token != "", RoleArn: p.RoleArn, Selected: p.Name == sel.ini}
			switch {
			case p.RoleArn != "":
				e.Kind = "assume-role"
			case p.Token != "":
				e.Kind = "temporary"
			}
			if p.SecretID == "" || p.SecretKey == "" {
				e.Problem = "no secret_id or secret_key"
			} else if err := (api.Credential{SecretID: p.SecretID, SecretKey: p.SecretKey, Token: p.Token}).Validate(); err != nil {
				e.Problem = errorText(err)
			}
			out = append(out, e)
		}
	}

	if dir := o.tccliDir(); dir != "" {
		for _, name := range tccliNames(dir) {
			p, _, err := loadTccli(dir, name)
			e := Profile{Name: name, Source: SourceTccli, Path: filepath.Join(dir, name+".credential"), Selected: name == sel.tccli}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				e.Problem = errorText(err)
				out = append(out, e)
				continue
			}
			e.Region, e.MaskedID, e.Token, e.RoleArn, e.Expires = p.Region, api.MaskID(p.SecretID), p.Token != "", p.RoleArn, p.Expires
			switch p.Type {
			case TccliCVMRole:
				e.Kind, e.MaskedID = "cvm-role", ""
			case TccliRoleArn:
				e.Kind = "assume-role"
			case TccliOAuth, TccliSSO:
				e.Kind = p.Type
				if !p.Expires.IsZero() && !o.now().Before(p.Expires) {
					e.Problem = "login expired; run tccli auth login --profile " + name
				}
			default:
				e.Kind = "long-term"
				if p.Token != "" {
					e.Kind = "temporary"
				}
			}
			out = append(out, e)
		}
	}

	if w, _, err := webIdentityFromEnv(&o); err == nil {
		out = append(out, Profile{Source: SourceTKEOIDC, Kind: "oidc", Region: w.Region, RoleArn: w.RoleArn, Path: w.TokenFile})
	} else if nc := (*notConfigured)(nil); !errors.As(err, &nc) {
		out = append(out, Profile{Source: SourceTKEOIDC, Kind: "oidc", Problem: errorText(err)})
	}
	if o.metadataURL() != "" {
		out = append(out, Profile{Source: SourceCVMRole, Kind: "cvm-role", Path: o.metadataURL() + "cam/security-credentials/",
			Note: "probed only when the chain reaches it"})
	}
	return out
}

func kindOf(c api.Credential) string {
	if c.Token != "" || !c.Expires.IsZero() {
		return "temporary"
	}
	return "long-term"
}

func firstLooked(st Step) string {
	if len(st.Looked) == 0 {
		return ""
	}
	return st.Looked[len(st.Looked)-1]
}
