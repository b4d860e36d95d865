package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// TccliReport says what reading a tccli-layout folder found: counts, what
// was deliberately dropped (Skipped) and what could not be understood
// (Problems). The generator fails when Problems is not empty; LoadExtra
// returns them as errors and keeps what it could read.
type TccliReport struct {
	Stats
	Enums    int // members whose doc gives their values (see enumFromDoc)
	Skipped  []string
	Problems []error
}

// ReadTccli reads every <folder>/v<YYYYMMDD>/api.json (+ examples.json) under
// dir, the layout of tccli's "services" package, into a new Registry whose
// versions are all decoded. When dir holds tccli's __init__.py, its
// SERVICE_VERSIONS table gives each product's versions and default (tccli
// uses the first listed); otherwise the newest version is the default.
func ReadTccli(dir string) (*Registry, *TccliReport) {
	rep := &TccliReport{}
	r := newRegistry("")
	defaults := readServiceVersions(filepath.Join(dir, "__init__.py"), rep)

	folders, err := os.ReadDir(dir)
	if err != nil {
		rep.Problems = append(rep.Problems, err)
		return r, rep
	}
	for _, f := range folders {
		if !f.IsDir() || strings.HasPrefix(f.Name(), "_") || strings.HasPrefix(f.Name(), ".") {
			continue
		}
		folder := f.Name()
		vdirs, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil {
			rep.Problems = append(rep.Problems, err)
			continue
		}
		var p *Product
		var vers []*versionEntry
		for _, vd := range vdirs {
			if !vd.IsDir() || !isVersionDir(vd.Name()) {
				continue
			}
			api := filepath.Join(dir, folder, vd.Name(), "api.json")
			if _, err := os.Stat(api); err != nil {
				continue
			}
			ve, meta, err := readTccliVersion(filepath.Join(dir, folder, vd.Name()), rep)
			if err != nil {
				rep.Problems = append(rep.Problems, err)
				continue
			}
			want := vd.Name()[1:5] + "-" + vd.Name()[5:7] + "-" + vd.Name()[7:9]
			if ve.version != want {
				rep.Problems = append(rep.Problems, fmt.Errorf("%s: apiVersion %q does not match its folder", api, ve.version))
				continue
			}
			if p == nil {
				name := meta.Short
				if name == "" {
					name = folder
				}
				p = &Product{Name: name, DisplayName: meta.NameCN, Host: name + ".tencentcloudapi.com", Brief: DocText(meta.Brief)}
				if name != folder {
					p.Folder = folder
				}
			} else if meta.Short != "" && meta.Short != p.Name {
				rep.Problems = append(rep.Problems, fmt.Errorf("%s: service %q differs from the folder's other versions (%q)", api, meta.Short, p.Name))
				continue
			}
			if p.DisplayName == "" || ve.version > newest(vers) {
				if meta.NameCN != "" {
					p.DisplayName = meta.NameCN
				}
				if meta.Brief != "" {
					p.Brief = DocText(meta.Brief)
				}
			}
			ve.product = p.Name
			vers = append(vers, ve)
		}
		if p == nil {
			continue
		}
		order := defaults[folder]
		if len(order) > 0 {
			for _, v := range order {
				if !hasVersion(vers, v) {
					rep.Problems = append(rep.Problems, fmt.Errorf("%s: SERVICE_VERSIONS lists version %s that has no api.json", folder, v))
				}
			}
			for _, ve := range vers {
				if !contains(order, ve.version) {
					rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s %s: not listed in SERVICE_VERSIONS (kept, not default)", folder, ve.version))
				}
			}
		}
		p.Versions, p.DefaultVersion = orderVersions(vers, order)
		pe := &productEntry{p: p, versions: map[string]*versionEntry{}}
		for _, ve := range vers {
			pe.versions[ve.version] = ve
		}
		if old := r.byName[p.Name]; old != nil {
			rep.Problems = append(rep.Problems, fmt.Errorf("%s: service %q already read from folder %q", folder, p.Name, old.p.Folder))
			continue
		}
		r.addProduct(pe)
	}
	r.sortProducts()
	rep.Stats = r.countAll(rep.Stats.Skipped)
	return r, rep
}

func isVersionDir(n string) bool {
	if len(n) != 9 || n[0] != 'v' {
		return false
	}
	for _, c := range n[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func newest(vs []*versionEntry) string {
	n := ""
	for _, v := range vs {
		if v.version > n {
			n = v.version
		}
	}
	return n
}

func hasVersion(vs []*versionEntry, v string) bool {
	for _, x := range vs {
		if x.version == v {
			return true
		}
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// orderVersions puts the default first, then the rest newest first. The
// default is the first of order that exists, else the newest.
func orderVersions(vs []*versionEntry, order []string) ([]string, string) {
	var all []string
	for _, v := range vs {
		all = append(all, v.version)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(all)))
	def := ""
	for _, v := range order {
		if contains(all, v) {
			def = v
			break
		}
	}
	if def == "" && len(all) > 0 {
		def = all[0]
	}
	out := []string{def}
	for _, v := range all {
		if v != def {
			out = append(out, v)
		}
	}
	return out, def
}

// readServiceVersions parses tccli's SERVICE_VERSIONS = {...} table (a
// Python literal that is also JSON). A missing file is not an error.
func readServiceVersions(path string, rep *TccliReport) map[string][]string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	i := bytes.Index(b, []byte("SERVICE_VERSIONS"))
	if i < 0 {
		return nil
	}
	j := bytes.IndexByte(b[i:], '{')
	if j < 0 {
		return nil
	}
	start := i + j
	depth := 0
	for k := start; k < len(b); k++ {
		switch b[k] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				var m map[string][]string
				if err := json.Unmarshal(b[start:k+1], &m); err != nil {
					rep.Problems = append(rep.Problems, fmt.Errorf("%s: SERVICE_VERSIONS: %w", path, err))
					return nil
				}
				return m
			}
		}
	}
	rep.Problems = append(rep.Problems, fmt.Errorf("%s: SERVICE_VERSIONS is not closed", path))
	return nil
}

// The source's shapes. Unknown fields are rejected so that a changed source
// fails loudly in the generator instead of silently losing information.
type tcFile struct {
	Actions  map[string]tcAction `json:"actions"`
	Metadata tcMeta              `json:"metadata"`
	Objects  map[string]tcObject `json:"objects"`
	Version  string              `json:"version"`
}

type tcMeta struct {
	APIVersion string `json:"apiVersion"`
	Brief      string `json:"api_brief"`
	NameCN     string `json:"serviceNameCN"`
	Short      string `json:"serviceShortName"`
}

type tcAction struct {
	Document string `json:"document"`
	Input    string `json:"input"`
	Name     string `json:"name"`
	Output   string `json:"output"`
	Status   string `json:"status"`
	SkipSign bool   `json:"skip_sign"`
}

type tcObject struct {
	Document string     `json:"document"`
	Members  []tcMember `json:"members"`
	Type     string     `json:"type"`
	Usage    string     `json:"usage"`
}

type tcMember struct {
	Document         string   `json:"document"`
	Member           string   `json:"member"`
	Name             string   `json:"name"`
	Type             string   `json:"type"`
	Disabled         flexBool `json:"disabled"`
	Example          any      `json:"example"`
	ValueAllowedNull flexBool `json:"value_allowed_null"`
	Required         flexBool `json:"required"`
	OutputRequired   flexBool `json:"output_required"`
}

// flexBool is a JSON boolean that also accepts 0 and 1 (databuddy writes
// "required": 1); anything else is an error.
type flexBool bool

func (b *flexBool) UnmarshalJSON(d []byte) error {
	switch string(d) {
	case "true", "1":
		*b = true
	case "false", "0", "null":
		*b = false
	default:
		return fmt.Errorf("expected a boolean, got %s", d)
	}
	return nil
}

type tcExamples struct {
	Actions map[string][]tcExample `json:"actions"`
	Version string                 `json:"version"`
}

type tcExample struct {
	Document string `json:"document"`
	Input    string `json:"input"`
	Output   string `json:"output"`
	Title    string `json:"title"`
}

func decodeStrict(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// primitive maps the source's scalar member kinds to (Type, Format).
var primitive = map[string]string{
	"string": TypeString, "int64": TypeInteger, "uint64": TypeInteger, "int": TypeInteger,
	"float": TypeFloat, "bool": TypeBoolean, "binary": TypeBinary,
	"date": TypeTimestamp, "datetime": TypeTimestamp, "datetime_iso": TypeTimestamp,
}

// placeholderExample reports example values that mean "no example".
func placeholderExample(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "无", "null", "None", "-", "暂无", "无需", "[]", "{}":
		return true
	}
	return false
}

// readTccliVersion reads one <folder>/<vYYYYMMDD> directory.
func readTccliVersion(dir string, rep *TccliReport) (*versionEntry, tcMeta, error) {
	var f tcFile
	if err := decodeStrict(filepath.Join(dir, "api.json"), &f); err != nil {
		return nil, tcMeta{}, err
	}
	if f.Version != "1.0" {
		return nil, f.Metadata, fmt.Errorf("%s: api.json format version %q (understood: 1.0)", dir, f.Version)
	}
	where := f.Metadata.Short + " " + f.Metadata.APIVersion
	docs := map[string]string{} // de-duplicates converted docs
	doc := func(s string) string {
		if d, ok := docs[s]; ok {
			return d
		}
		d := DocText(s)
		docs[s] = d
		return d
	}
	objs := make(map[string]*Object, len(f.Objects))
	for name, o := range f.Objects {
		objs[name] = &Object{Name: name, Doc: doc(o.Document)}
	}
	var probs []error
	for name, o := range f.Objects {
		if o.Type != "" && o.Type != "object" {
			probs = append(probs, fmt.Errorf("%s: object %s has type %q", where, name, o.Type))
		}
		obj := objs[name]
		for _, m := range o.Members {
			if bool(m.Disabled) {
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s %s.%s: disabled in the source", where, name, m.Name))
				rep.Stats.Skipped++
				continue
			}
			mm := &Member{Name: m.Name, Required: bool(m.Required), OutputRequired: bool(m.OutputRequired), Nullable: bool(m.ValueAllowedNull), Doc: doc(m.Document)}
			switch ex := m.Example.(type) {
			case string:
				if !placeholderExample(ex) {
					mm.Example = ex
				}
			case nil:
			default:
				b, _ := json.Marshal(ex)
				mm.Example = string(b)
			}
			switch m.Type {
			case "list", "object":
				mm.List = m.Type == "list"
				if t, ok := primitive[m.Member]; ok {
					if !mm.List {
						probs = append(probs, fmt.Errorf("%s: %s.%s is an object of scalar %q", where, name, m.Name, m.Member))
						continue
					}
					mm.Type, mm.Format = t, m.Member
				} else if ref := objs[m.Member]; ref != nil {
					mm.Type, mm.Object = TypeObject, ref
				} else {
					probs = append(probs, fmt.Errorf("%s: %s.%s refers to unknown type %q", where, name, m.Name, m.Member))
					continue
				}
			default:
				t, ok := primitive[m.Type]
				if !ok {
					probs = append(probs, fmt.Errorf("%s: %s.%s has unknown type %q", where, name, m.Name, m.Type))
					continue
				}
				if m.Type == "string" || m.Type == "int" {
					if pt, ok := primitive[m.Member]; ok {
						t = pt
					} else {
						probs = append(probs, fmt.Errorf("%s: %s.%s has unknown member kind %q", where, name, m.Name, m.Member))
						continue
					}
				}
				mm.Type, mm.Format = t, m.Member
			}
			if mm.Type == TypeString {
				if mm.Enum = enumFromDoc(m.Document); mm.Enum != nil {
					rep.Enums++
				}
			}
			if mm.Format == "string" || mm.Format == "float" || mm.Format == "bool" || mm.Format == "binary" {
				mm.Format = ""
			}
			obj.Members = append(obj.Members, mm)
		}
	}

	var ex tcExamples
	if _, err := os.Stat(filepath.Join(dir, "examples.json")); err == nil {
		if err := decodeStrict(filepath.Join(dir, "examples.json"), &ex); err != nil {
			probs = append(probs, err)
		}
	}

	ve := &versionEntry{version: f.Metadata.APIVersion, data: &versionData{}}
	names := make([]string, 0, len(f.Actions))
	for n := range f.Actions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := f.Actions[n]
		in, out := objs[a.Input], objs[a.Output]
		if in == nil || out == nil {
			probs = append(probs, fmt.Errorf("%s: action %s refers to unknown input %q or output %q", where, n, a.Input, a.Output))
			continue
		}
		switch a.Status {
		case "", "online", "deprecated", "offline":
		default:
			probs = append(probs, fmt.Errorf("%s: action %s has unknown status %q", where, n, a.Status))
		}
		st := a.Status
		if st == "" {
			st = "online"
		}
		act := &Action{Version: ve.version, Name: n, Title: strings.TrimSpace(a.Name), Doc: doc(a.Document), Status: st, Input: in, Output: out, SkipSign: a.SkipSign}
		for _, e := range ex.Actions[n] {
			act.Examples = append(act.Examples, convertExample(e, in))
		}
		ve.data.actions = append(ve.data.actions, act)
		ve.refs = append(ve.refs, ActionRef{Version: ve.version, Name: n, Title: act.Title, Deprecated: act.Deprecated()})
	}
	for n := range ex.Actions {
		if _, ok := f.Actions[n]; !ok {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: example for unknown action %s", where, n))
		}
	}
	// Keep only objects that actions reach; a stable order makes the bundle reproducible.
	ve.data.objects = reachable(ve.data.actions)
	if len(probs) > 0 {
		rep.Problems = append(rep.Problems, probs...)
	}
	return ve, f.Metadata, nil
}

// reachable lists the objects reachable from actions, sorted by name.
func reachable(actions []*Action) []*Object {
	seen := map[*Object]bool{}
	var walk func(o *Object)
	walk = func(o *Object) {
		if o == nil || seen[o] {
			return
		}
		seen[o] = true
		for _, m := range o.Members {
			walk(m.Object)
		}
	}
	for _, a := range actions {
		walk(a.Input)
		walk(a.Output)
	}
	out := make([]*Object, 0, len(seen))
	for o := range seen {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// commonParams are the API's common request parameters: in a GET example
// they are part of the URL, not of the action's parameters.
var commonParams = map[string]bool{
	"Action": true, "Version": true, "Region": true, "Timestamp": true, "Nonce": true, "SecretId": true,
	"Signature": true, "SignatureMethod": true, "Token": true, "Language": true, "RequestClient": true,
}

// convertExample turns a source example into JSON request and response
// bodies. A request shown as an HTTP POST keeps its JSON body; one shown as
// a GET URL with flattened parameters is rebuilt as JSON from the input type.
func convertExample(e tcExample, in *Object) Example {
	x := Example{Title: strings.TrimSpace(e.Title), Doc: DocText(e.Document)}
	if x.Title == "" {
		x.Title = strings.TrimSpace(e.Document)
	}
	body := e.Input
	if i := strings.Index(body, "\n\n"); i >= 0 && strings.HasPrefix(body, "POST") {
		body = body[i+2:]
	}
	body = strings.TrimSpace(body)
	var buf bytes.Buffer
	switch {
	case body == "":
		x.Input = "{}"
	case json.Valid([]byte(body)) && json.Compact(&buf, []byte(body)) == nil:
		x.Input = buf.String()
	case strings.HasPrefix(body, "http") && strings.Contains(body, "?"):
		q := body[strings.Index(body, "?")+1:]
		vals := url.Values{}
		for _, part := range strings.Split(q, "&") {
			part = strings.TrimSpace(part)
			k, v, ok := strings.Cut(part, "=")
			if !ok || commonParams[k] || strings.HasPrefix(k, "<") {
				continue
			}
			vals.Add(k, v)
		}
		b, _ := json.Marshal(Unflatten(in, vals))
		x.Input = string(b)
	default:
		x.Input = body
	}
	buf.Reset()
	out := strings.TrimSpace(e.Output)
	if json.Valid([]byte(out)) && json.Compact(&buf, []byte(out)) == nil {
		x.Output = buf.String()
	} else {
		x.Output = out
	}
	return x
}
