package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"

	"gopkg.in/ini.v1"

	"github.com/tcx-dev/tcx/api"
)

// Environment variables that choose the ini file and profile.
const (
	EnvCredentialsFile = "TENCENTCLOUD_CREDENTIALS_FILE"
	EnvProfile         = "TENCENTCLOUD_PROFILE"
)

// IniProfile is one section of a credentials ini file. String never shows
// the key or token.
type IniProfile struct {
	Name            string
	Line            int // line of the [section] header
	SecretID        string
	SecretKey       string
	Token           string
	Region          string
	RoleArn         string
	RoleSessionName string
	// Warnings are problems that do not stop the profile: unknown or
	// repeated keys.
	Warnings []string
}

// String describes the profile without secrets.
func (p IniProfile) String() string {
	s := fmt.Sprintf("[%s] %s", p.Name, api.MaskID(p.SecretID))
	if p.Token != "" {
		s += " +token"
	}
	if p.RoleArn != "" {
		s += " role " + p.RoleArn
	}
	return s
}

// IniFile is a parsed credentials ini file.
type IniFile struct {
	Path     string
	Profiles []IniProfile // in file order
	Warnings []string
}

// Profile returns the named section, or nil.
func (f *IniFile) Profile(name string) *IniProfile {
	for i := range f.Profiles {
		if f.Profiles[i].Name == name {
			return &f.Profiles[i]
		}
	}
	return nil
}

// Names lists the sections in file order.
func (f *IniFile) Names() []string {
	out := make([]string, len(f.Profiles))
	for i, p := range f.Profiles {
		out[i] = p.Name
	}
	return out
}

var iniKeys = []string{"secret_id", "secret_key", "token", "region", "role_arn", "role_session_name"}

// ParseIni parses a credentials ini file. Errors are *FileError naming the
// line and the problem, never quoting the line. Keys are case-insensitive
// and surrounding quotes are removed (the Python SDK keeps them, which is
// never what anybody meant).
func ParseIni(path string, data []byte) (*IniFile, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines, err := scanIni(path, data)
	if err != nil {
		return nil, err
	}
	f, err := ini.LoadSources(ini.LoadOptions{
		InsensitiveKeys:          true,
		IgnoreContinuation:       true,
		SpaceBeforeInlineComment: true,
		AllowNonUniqueSections:   false,
	}, data)
	if err != nil {
		// scanIni accepts what ini.v1 accepts; this is a safety net. The
		// library's message quotes the line (which may hold a secret key),
		// so keep only its kind: the text before any colon or quote.
		return nil, &FileError{Path: path, Problem: "not a valid ini file (" + iniErrorKind(err) + ")"}
	}
	out := &IniFile{Path: path}
	for _, sec := range f.Sections() {
		name := sec.Name()
		if name == ini.DefaultSection {
			if n := lines.sections[ini.DefaultSection]; n > 0 {
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s:%d: [%s] is not a profile (Python reads it as defaults for every section); tcx ignores it: did you mean [default]?", path, n, ini.DefaultSection))
			} else if len(sec.Keys()) > 0 {
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s:%d: keys before the first [section] are ignored", path, lines.firstKeyLine))
			}
			continue
		}
		p := IniProfile{Name: name, Line: lines.sections[name]}
		for _, k := range sec.Keys() {
			v := k.Value()
			switch k.Name() {
			case "secret_id":
				p.SecretID = v
			case "secret_key":
				p.SecretKey = v
			case "token":
				p.Token = v
			case "region":
				p.Region = strings.TrimSpace(v)
			case "role_arn":
				p.RoleArn = strings.TrimSpace(v)
			case "role_session_name":
				p.RoleSessionName = strings.TrimSpace(v)
			default:
				w := fmt.Sprintf("%s:%d: unknown key %q in [%s]", path, lines.keys[name+"\x00"+k.Name()], k.Name(), name)
				if s := suggestKey(k.Name()); s != "" {
					w += fmt.Sprintf(" (did you mean %s?)", s)
				}
				p.Warnings = append(p.Warnings, w)
			}
		}
		for _, d := range lines.dups[name] {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s:%d: %s is set again in [%s]; the last value wins", path, d.line, d.key, name))
		}
		out.Profiles = append(out.Profiles, p)
	}
	return out, nil
}

// suggestKey maps a near miss (secretid, SecretId, secret-key…) to the key
// it resembles.
func suggestKey(k string) string {
	norm := strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(k))
	for _, want := range iniKeys {
		if strings.ReplaceAll(want, "_", "") == norm {
			return want
		}
	}
	switch norm {
	case "sessiontoken", "securitytoken":
		return "token"
	}
	return ""
}

type iniLines struct {
	sections     map[string]int // section → header line
	keys         map[string]int // section\x00key → line (last)
	dups         map[string][]dupKey
	firstKeyLine int
}

type dupKey struct {
	key  string
	line int
}

// scanIni checks the structure line by line so that errors can name the
// line, which ini.v1 does not report.
func scanIni(path string, data []byte) (*iniLines, error) {
	l := &iniLines{sections: map[string]int{}, keys: map[string]int{}, dups: map[string][]dupKey{}}
	section := ini.DefaultSection
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		switch {
		case line == "", line[0] == '#', line[0] == ';':
			continue
		case line[0] == '[':
			end := strings.LastIndexByte(line, ']')
			if end < 0 {
				return nil, &FileError{Path: path, Line: n, Problem: "section header has no closing ']'"}
			}
			name := strings.TrimSpace(line[1:end])
			if name == "" {
				return nil, &FileError{Path: path, Line: n, Problem: "empty section name '[]'"}
			}
			if _, seen := l.sections[name]; seen {
				return nil, &FileError{Path: path, Line: n, Problem: fmt.Sprintf("section [%s] appears twice (first on line %d)", name, l.sections[name])}
			}
			l.sections[name] = n
			section = name
			continue
		}
		idx := strings.IndexAny(line, "=:")
		if idx < 0 {
			return nil, &FileError{Path: path, Line: n, Problem: "expected 'key = value', a [section] or a comment; this line has no '='"}
		}
		key := strings.ToLower(strings.TrimSpace(line[:idx]))
		if key == "" {
			return nil, &FileError{Path: path, Line: n, Problem: "a value without a key name before '='"}
		}
		if strings.ContainsAny(key[:1], "\"`'") {
			return nil, &FileError{Path: path, Line: n, Problem: "quoted key names are not supported"}
		}
		if strings.HasPrefix(strings.TrimSpace(line[idx+1:]), `"""`) {
			return nil, &FileError{Path: path, Line: n, Problem: `multi-line values ("""…""") are not supported in a credentials file`}
		}
		if section == ini.DefaultSection && l.firstKeyLine == 0 {
			l.firstKeyLine = n
		}
		k := section + "\x00" + key
		if first, seen := l.keys[k]; seen && first > 0 {
			l.dups[section] = append(l.dups[section], dupKey{key: key, line: n})
		}
		l.keys[k] = n
	}
	return l, nil
}

// filePerm warns when a credentials file is readable by group or others.
func filePerm(path string, info fs.FileInfo) string {
	if runtime.GOOS == "windows" || info == nil {
		return ""
	}
	if m := info.Mode().Perm(); m&0o044 != 0 {
		return fmt.Sprintf("%s is readable by other users (mode %04o): run chmod 600 %s", path, m, path)
	}
	return ""
}

// readCredFile reads a credentials file and checks its permissions.
func readCredFile(path string) ([]byte, string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	if info.IsDir() {
		return nil, "", &FileError{Path: path, Problem: "is a directory, not a file"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	return data, filePerm(path, info), nil
}

// iniCandidates returns the files the ini step considers, in order, and
// whether the first was named by TENCENTCLOUD_CREDENTIALS_FILE.
func (o *Options) iniCandidates() (paths []string, explicit bool, err error) {
	if v, ok := o.lookupEnv(EnvCredentialsFile); ok {
		if strings.TrimSpace(v) == "" {
			return nil, true, &api.CredentialError{Msg: EnvCredentialsFile + " is set but empty: unset it or name a file"}
		}
		return []string{v}, true, nil
	}
	if p := o.homeIniPath(); p != "" {
		paths = append(paths, p)
	}
	if p := o.systemFile(); p != "" {
		paths = append(paths, p)
	}
	return paths, false, nil
}

// loadIni finds and parses the ini file. It returns nil without error when
// no candidate exists and none was named explicitly.
func (o *Options) loadIni(st *Step) (*IniFile, error) {
	paths, explicit, err := o.iniCandidates()
	if err != nil {
		st.Looked = append(st.Looked, EnvCredentialsFile)
		return nil, err
	}
	if explicit {
		st.Looked = append(st.Looked, EnvCredentialsFile+"="+paths[0])
	}
	for _, p := range paths {
		if !explicit {
			st.Looked = append(st.Looked, p)
		}
		data, warn, err := readCredFile(p)
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			continue
		}
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) {
				return nil, err
			}
			return nil, &FileError{Path: p, Problem: describeOSErr(err)}
		}
		if warn != "" {
			st.Warnings = append(st.Warnings, warn)
		}
		f, err := ParseIni(p, data)
		if err != nil {
			return nil, err
		}
		st.Warnings = append(st.Warnings, f.Warnings...)
		return f, nil
	}
	return nil, nil
}

func describeOSErr(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read (permission denied)"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// iniStep resolves the ini profile named by sel.
func iniStep(ctx context.Context, o *Options, sel selection) (api.CredentialProvider, api.Credential, Step, error) {
	st := Step{Source: SourceIni}
	f, err := o.loadIni(&st)
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	if f == nil {
		return nil, api.Credential{}, st, skip("no credentials file")
	}
	p := f.Profile(sel.ini)
	if p == nil {
		return nil, api.Credential{}, st, skip("%s has no [%s] section (has: %s)", f.Path, sel.ini, listOrNone(f.Names()))
	}
	st.Warnings = append(st.Warnings, p.Warnings...)
	where := fmt.Sprintf("ini file %s [%s]", f.Path, p.Name)
	if p.SecretID == "" || p.SecretKey == "" {
		var missing []string
		if p.SecretID == "" {
			missing = append(missing, "secret_id")
		}
		if p.SecretKey == "" {
			missing = append(missing, "secret_key")
		}
		return nil, api.Credential{}, st, &FileError{Path: f.Path, Line: p.Line, Problem: fmt.Sprintf("[%s] has no %s", p.Name, strings.Join(missing, " or "))}
	}
	base := api.Credential{SecretID: p.SecretID, SecretKey: p.SecretKey, Token: p.Token, Source: where, Region: p.Region}
	if err := base.Validate(); err != nil {
		return nil, api.Credential{}, st, err
	}
	if p.RoleArn == "" {
		prov := Static{Credential: base, Now: o.Now}
		return prov, base, st, nil
	}
	prov := o.assumeRoleCache(Static{Credential: base, Now: o.Now}, p.RoleArn, p.RoleSessionName, p.Region, where)
	c, err := prov.Retrieve(ctx)
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	return prov, c, st, nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(slices.Clone(names), ", ")
}

// GoString keeps %#v from printing secrets.
func (p IniProfile) GoString() string { return p.String() }

// iniErrorKind is the start of an ini.v1 error message up to the first
// colon or quote: "missing closing key quote" from the message that goes on
// to quote the rest of the line.
func iniErrorKind(err error) string {
	kind := err.Error()
	if i := strings.IndexAny(kind, ":\"'`"); i >= 0 {
		kind = kind[:i]
	}
	kind = strings.TrimSpace(kind)
	kind = strings.TrimSpace(strings.TrimSuffix(kind, " from"))
	if kind == "" {
		kind = "unreadable line"
	}
	return kind
}
