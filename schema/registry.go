package schema

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/tcx-dev/tcx/assets"
)

// Registry is a set of products with their versions and actions. It is safe
// for concurrent use. Values it returns (*Product, *Action, *Object) are
// shared: treat them as read-only.
type Registry struct {
	source   string
	recorded Stats // what the generator reported, stored in the bundle

	mu       sync.RWMutex
	products []*Product // sorted by name
	byName   map[string]*productEntry
	extras   []string // folders loaded with LoadExtra

	// Built on first use, dropped when LoadExtra changes the registry.
	byAction map[string][]ActionRef
	search   *searchIndex
}

type productEntry struct {
	p        *Product
	versions map[string]*versionEntry
}

// versionEntry is one product version: its index (refs, always present) and
// its full definition, decoded from blob on first use.
type versionEntry struct {
	product, version string
	refs             []ActionRef // sorted by name, in step with data.actions
	blob             string      // compressed definition; empty when data was given

	once sync.Once
	data *versionData
	err  error
}

type versionData struct {
	actions []*Action // sorted by name
	objects []*Object // every object the actions reach, sorted by name
}

func newRegistry(source string) *Registry {
	return &Registry{source: source, byName: map[string]*productEntry{}}
}

// Embedded returns the registry of the schema bundle embedded in tcx. Only
// the index is read (a few milliseconds); each product version is decoded
// the first time one of its actions is asked for. Every call returns a new,
// independent Registry (LoadExtra on one does not change another), so a
// program should build one and share it.
func Embedded() (*Registry, error) {
	return loadBundle(assets.SchemaIndex(), assets.SchemaData())
}

// Source names the definitions the registry was built from: "tccli 3.1.189.1"
// (plus any extra folders loaded).
func (r *Registry) Source() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := r.source
	for _, e := range r.extras {
		s += " + " + e
	}
	return s
}

// Recorded returns the counts the generator reported for its source, as
// stored in the bundle (zero for a registry read with ReadTccli).
func (r *Registry) Recorded() Stats { return r.recorded }

// Stats counts what the registry holds now. Products, versions, actions,
// deprecated actions and shared action names are counted from the index;
// objects, members, examples and skipped members come from the generator's
// report (decoding every version to count them would defeat lazy loading).
func (r *Registry) Stats() Stats {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := r.recorded
	s.Products, s.Versions, s.Actions, s.Deprecated = 0, 0, 0, 0
	names := map[string]map[string]bool{}
	for _, p := range r.products {
		s.Products++
		pe := r.byName[strings.ToLower(p.Name)]
		for _, ve := range pe.versions {
			s.Versions++
			for _, a := range ve.refs {
				s.Actions++
				if a.Deprecated {
					s.Deprecated++
				}
				if names[a.Name] == nil {
					names[a.Name] = map[string]bool{}
				}
				names[a.Name][p.Name] = true
			}
		}
	}
	s.SharedNames = 0
	for _, ps := range names {
		if len(ps) > 1 {
			s.SharedNames++
		}
	}
	return s
}

// Products returns every product sorted by name.
func (r *Registry) Products() []*Product {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*Product(nil), r.products...)
}

// Product returns the product called name (case-insensitive; tccli's folder
// name works too: "autoscaling" finds "as"), or nil.
func (r *Registry) Product(name string) *Product {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if pe := r.byName[strings.ToLower(name)]; pe != nil {
		return pe.p
	}
	return nil
}

// Actions lists a product version's actions ("" = the default version)
// without decoding it.
func (r *Registry) Actions(product, version string) ([]ActionRef, error) {
	ve, err := r.version(product, version)
	if err != nil {
		return nil, err
	}
	out := make([]ActionRef, len(ve.refs))
	copy(out, ve.refs)
	return out, nil
}

func (r *Registry) version(product, version string) (*versionEntry, error) {
	r.mu.RLock()
	pe := r.byName[strings.ToLower(product)]
	r.mu.RUnlock()
	if pe == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownProduct, product)
	}
	if version == "" {
		version = pe.p.DefaultVersion
	}
	ve := pe.versions[version]
	if ve == nil {
		return nil, fmt.Errorf("%w %s for %s (known: %s)", ErrUnknownVersion, version, pe.p.Name, strings.Join(pe.p.Versions, ", "))
	}
	return ve, nil
}

// Action returns an action's full definition, decoding its product version
// on first use. version "" means the product's default version; the action
// name is matched case-insensitively and the result carries the canonical
// name. Errors wrap ErrUnknownProduct, ErrUnknownVersion or ErrUnknownAction.
func (r *Registry) Action(product, version, action string) (*Action, error) {
	ve, err := r.version(product, version)
	if err != nil {
		return nil, err
	}
	i := sort.Search(len(ve.refs), func(i int) bool { return ve.refs[i].Name >= action })
	if i >= len(ve.refs) || ve.refs[i].Name != action {
		i = -1
		for j := range ve.refs {
			if strings.EqualFold(ve.refs[j].Name, action) {
				i = j
				break
			}
		}
	}
	if i < 0 {
		return nil, fmt.Errorf("%w %q in %s %s", ErrUnknownAction, action, ve.product, ve.version)
	}
	d, err := ve.load()
	if err != nil {
		return nil, err
	}
	if i >= len(d.actions) {
		return nil, fmt.Errorf("schema: %s %s: index and definition disagree", ve.product, ve.version)
	}
	return d.actions[i], nil
}

// load decodes the version's definition once.
func (v *versionEntry) load() (*versionData, error) {
	v.once.Do(func() {
		if v.data != nil {
			return
		}
		v.data, v.err = decodeVersion(v.blob, v.product, v.version)
		if v.err == nil && len(v.data.actions) != len(v.refs) {
			v.data, v.err = nil, fmt.Errorf("schema: %s %s: index lists %d actions, definition has %d", v.product, v.version, len(v.refs), len(v.data.actions))
		}
		if v.err == nil {
			for i, a := range v.data.actions {
				if a.Name != v.refs[i].Name {
					v.data, v.err = nil, fmt.Errorf("schema: %s %s: index and definition disagree at %s", v.product, v.version, a.Name)
					break
				}
			}
		}
	})
	return v.data, v.err
}

// ActionsByName lists the products that have an action called action
// (case-insensitive), in their version (version "" = each product's default
// version; otherwise only products that have that version).
func (r *Registry) ActionsByName(action, version string) []ActionRef {
	r.mu.Lock()
	if r.byAction == nil {
		r.byAction = map[string][]ActionRef{}
		for _, p := range r.products {
			pe := r.byName[strings.ToLower(p.Name)]
			for _, v := range p.Versions {
				for _, a := range pe.versions[v].refs {
					k := strings.ToLower(a.Name)
					r.byAction[k] = append(r.byAction[k], a)
				}
			}
		}
	}
	refs := r.byAction[strings.ToLower(action)]
	var out []ActionRef
	for _, a := range refs {
		if version == "" {
			if pe := r.byName[strings.ToLower(a.Product)]; pe != nil && pe.p.DefaultVersion == a.Version {
				out = append(out, a)
			}
		} else if a.Version == version {
			out = append(out, a)
		}
	}
	r.mu.Unlock()
	return out
}

func (r *Registry) addProduct(pe *productEntry) {
	for _, ve := range pe.versions {
		ve.product = pe.p.Name
		for i := range ve.refs {
			ve.refs[i].Product = pe.p.Name
		}
		if ve.data != nil {
			for _, a := range ve.data.actions {
				a.Product = pe.p.Name
			}
		}
	}
	r.byName[strings.ToLower(pe.p.Name)] = pe
	if pe.p.Folder != "" {
		r.byName[strings.ToLower(pe.p.Folder)] = pe
	}
	r.products = nil
	seen := map[*productEntry]bool{}
	for _, e := range r.byName {
		if !seen[e] {
			seen[e] = true
			r.products = append(r.products, e.p)
		}
	}
	r.byAction, r.search = nil, nil
}

func (r *Registry) sortProducts() {
	sort.Slice(r.products, func(i, j int) bool { return r.products[i].Name < r.products[j].Name })
}

// countAll counts everything, decoding every version (used by the generator).
func (r *Registry) countAll(skipped int) Stats {
	s := Stats{Skipped: skipped}
	names := map[string]map[string]bool{}
	for _, p := range r.products {
		s.Products++
		pe := r.byName[strings.ToLower(p.Name)]
		for _, ve := range pe.versions {
			s.Versions++
			d, err := ve.load()
			if err != nil {
				continue
			}
			s.Objects += len(d.objects)
			for _, o := range d.objects {
				s.Members += len(o.Members)
			}
			for _, a := range d.actions {
				s.Actions++
				s.Examples += len(a.Examples)
				if a.Deprecated() {
					s.Deprecated++
				}
				if names[a.Name] == nil {
					names[a.Name] = map[string]bool{}
				}
				names[a.Name][p.Name] = true
			}
		}
	}
	for _, ps := range names {
		if len(ps) > 1 {
			s.SharedNames++
		}
	}
	return s
}

// LoadExtra adds the definitions in dir, a folder in tccli's layout
// (<product>/v<YYYYMMDD>/api.json, optional examples.json), so users can add
// a product or a newer version without a new tcx build. A version that
// already exists is replaced; an existing product keeps its default version;
// a new product defaults to its newest. Files it cannot read are returned as
// errors and skipped; everything else is loaded.
func (r *Registry) LoadExtra(dir string) []error {
	extra, rep := ReadTccli(dir)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range extra.products {
		pe := extra.byName[strings.ToLower(p.Name)]
		old := r.byName[strings.ToLower(p.Name)]
		if old == nil && p.Folder != "" {
			old = r.byName[strings.ToLower(p.Folder)]
		}
		if old == nil {
			r.addProduct(pe)
			continue
		}
		np := *old.p
		merged := &productEntry{p: &np, versions: map[string]*versionEntry{}}
		for v, ve := range old.versions {
			merged.versions[v] = ve
		}
		for v, ve := range pe.versions {
			merged.versions[v] = ve
		}
		var vers []*versionEntry
		for _, ve := range merged.versions {
			vers = append(vers, ve)
		}
		np.Versions, np.DefaultVersion = orderVersions(vers, []string{old.p.DefaultVersion})
		if np.DisplayName == "" {
			np.DisplayName = p.DisplayName
		}
		r.addProduct(merged)
	}
	r.sortProducts()
	if len(extra.products) > 0 {
		r.extras = append(r.extras, dir)
	}
	return rep.Problems
}
