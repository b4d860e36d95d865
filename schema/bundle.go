package schema

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The bundle is two files (docs/schema.md describes them):
//
//	index.bin     uncompressed: string table, source, recorded Stats, and per
//	              product its versions with their action names, titles and
//	              deprecated flags, plus where each version's definition is
//	              in versions.bin.
//	versions.bin  each product version's definition, separately deflated:
//	              its own string table (docs de-duplicated), objects with
//	              members, actions with examples.
//
// Both use unsigned varints and strings by string-table index, so decoding is
// slicing one string, not parsing JSON.
const (
	indexMagic   = "TCXSCHEMAI1\n"
	versionMagic = "TCXSCHEMAV3\n"
)

// Member type codes in the bundle.
var typeCodes = []string{TypeString, TypeInteger, TypeFloat, TypeBoolean, TypeBinary, TypeTimestamp, TypeObject}

const (
	flagList = 1 << iota
	flagRequired
	flagNullable
	flagOutputRequired
)

// BundleInfo describes a written bundle.
type BundleInfo struct {
	IndexBytes, DataBytes int   // file sizes
	RawBytes              int64 // definitions before compression
	Largest               string
	LargestBytes          int // compressed size of the largest version
}

// WriteBundle writes the registry as a bundle (index.bin + versions.bin)
// into dir, recording source and the generator's counts. The generator
// (schema/gen) calls it; tcx embeds the result through package assets.
func (r *Registry) WriteBundle(dir, source string, recorded Stats) (BundleInfo, error) {
	var info BundleInfo
	iw := &writer{}
	var data bytes.Buffer
	iw.str(source)
	for _, n := range []int{recorded.Products, recorded.Versions, recorded.Actions, recorded.Objects, recorded.Members,
		recorded.Deprecated, recorded.Examples, recorded.SharedNames, recorded.Skipped} {
		iw.uv(uint64(n))
	}
	r.sortProducts()
	iw.uv(uint64(len(r.products)))
	for _, p := range r.products {
		pe := r.byName[strings.ToLower(p.Name)]
		iw.str(p.Name)
		iw.str(p.DisplayName)
		iw.str(p.Host)
		iw.str(p.DefaultVersion)
		iw.str(p.Folder)
		iw.str(p.Brief)
		iw.uv(uint64(len(p.Versions)))
		for _, v := range p.Versions {
			ve := pe.versions[v]
			d, err := ve.load()
			if err != nil {
				return info, err
			}
			raw := encodeVersion(d)
			info.RawBytes += int64(len(raw))
			var z bytes.Buffer
			fw, _ := flate.NewWriter(&z, flate.BestCompression)
			fw.Write(raw)
			fw.Close()
			iw.str(v)
			iw.uv(uint64(data.Len()))
			iw.uv(uint64(z.Len()))
			if z.Len() > info.LargestBytes {
				info.LargestBytes, info.Largest = z.Len(), p.Name+" "+v
			}
			data.Write(z.Bytes())
			iw.uv(uint64(len(ve.refs)))
			for _, a := range ve.refs {
				iw.str(a.Name)
				iw.str(a.Title)
				if a.Deprecated {
					iw.b = append(iw.b, 1)
				} else {
					iw.b = append(iw.b, 0)
				}
			}
		}
	}
	index := iw.finish(indexMagic)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return info, err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.bin"), index, 0o644); err != nil {
		return info, err
	}
	if err := os.WriteFile(filepath.Join(dir, "versions.bin"), data.Bytes(), 0o644); err != nil {
		return info, err
	}
	info.IndexBytes, info.DataBytes = len(index), data.Len()
	return info, nil
}

func encodeVersion(d *versionData) []byte {
	w := &writer{}
	objIdx := make(map[*Object]int, len(d.objects))
	members := 0
	for i, o := range d.objects {
		objIdx[o] = i
		members += len(o.Members)
	}
	ref := func(o *Object) uint64 {
		if o == nil {
			return 0
		}
		return uint64(objIdx[o] + 1)
	}
	w.uv(uint64(len(d.objects)))
	w.uv(uint64(members))
	for _, o := range d.objects {
		w.str(o.Name)
		w.str(o.Doc)
		w.uv(uint64(len(o.Members)))
		for _, m := range o.Members {
			w.str(m.Name)
			code := 0
			for i, t := range typeCodes {
				if t == m.Type {
					code = i
				}
			}
			flags := 0
			if m.List {
				flags |= flagList
			}
			if m.Required {
				flags |= flagRequired
			}
			if m.Nullable {
				flags |= flagNullable
			}
			if m.OutputRequired {
				flags |= flagOutputRequired
			}
			w.b = append(w.b, byte(code), byte(flags))
			w.uv(ref(m.Object))
			w.str(m.Example)
			w.str(m.Doc)
			w.str(m.Format)
			w.uv(uint64(len(m.Enum)))
			for _, e := range m.Enum {
				w.str(e)
			}
		}
	}
	w.uv(uint64(len(d.actions)))
	for _, a := range d.actions {
		w.str(a.Name)
		w.str(a.Title)
		w.str(a.Doc)
		w.str(a.Status)
		if a.SkipSign {
			w.b = append(w.b, 1)
		} else {
			w.b = append(w.b, 0)
		}
		w.uv(ref(a.Input))
		w.uv(ref(a.Output))
		w.uv(uint64(len(a.Examples)))
		for _, e := range a.Examples {
			w.str(e.Title)
			w.str(e.Doc)
			w.str(e.Input)
			w.str(e.Output)
		}
	}
	return w.finish(versionMagic)
}

// writer builds a body that refers to strings by index, then prefixes the
// string table: magic, count, each length, then all bytes.
type writer struct {
	b    []byte
	strs []string
	ids  map[string]int
}

func (w *writer) uv(x uint64) { w.b = binary.AppendUvarint(w.b, x) }

func (w *writer) str(s string) {
	if w.ids == nil {
		w.ids = map[string]int{"": 0}
		w.strs = []string{""}
	}
	id, ok := w.ids[s]
	if !ok {
		id = len(w.strs)
		w.ids[s] = id
		w.strs = append(w.strs, s)
	}
	w.uv(uint64(id))
}

func (w *writer) finish(magic string) []byte {
	if w.ids == nil {
		w.str("")
	}
	out := []byte(magic)
	out = binary.AppendUvarint(out, uint64(len(w.strs)))
	for _, s := range w.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range w.strs {
		out = append(out, s...)
	}
	return append(out, w.b...)
}

// reader decodes what writer built; it never panics on bad data, it records
// the first error and returns zero values from then on.
type reader struct {
	s    string
	i    int
	strs []string
	err  error
}

var errCorrupt = errors.New("schema bundle is corrupt")

func newReader(s, magic string) *reader {
	r := &reader{s: s}
	if !strings.HasPrefix(s, magic) {
		r.err = fmt.Errorf("%w: bad magic", errCorrupt)
		return r
	}
	r.i = len(magic)
	n := r.count(len(s))
	lens := make([]int, n)
	total := 0
	for k := range lens {
		lens[k] = r.count(len(s))
		total += lens[k]
	}
	if r.err != nil || total > len(s)-r.i {
		r.fail()
		return r
	}
	r.strs = make([]string, n)
	for k, l := range lens {
		r.strs[k] = s[r.i : r.i+l]
		r.i += l
	}
	return r
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d", errCorrupt, r.i)
	}
}

func (r *reader) uv() uint64 {
	if r.err != nil {
		return 0
	}
	var x uint64
	var shift uint
	for k := 0; k < 10; k++ {
		if r.i >= len(r.s) {
			r.fail()
			return 0
		}
		c := r.s[r.i]
		r.i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
		shift += 7
	}
	r.fail()
	return 0
}

// count reads a length that must not exceed max (guards allocations).
func (r *reader) count(max int) int {
	n := r.uv()
	if n > uint64(max) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) byte() byte {
	if r.err != nil || r.i >= len(r.s) {
		r.fail()
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

func (r *reader) str() string {
	id := r.uv()
	if id >= uint64(len(r.strs)) {
		r.fail()
		return ""
	}
	return r.strs[id]
}

// loadBundle reads the index; versions stay compressed until used.
func loadBundle(index, data string) (*Registry, error) {
	rd := newReader(index, indexMagic)
	r := newRegistry(rd.str())
	st := &r.recorded
	for _, p := range []*int{&st.Products, &st.Versions, &st.Actions, &st.Objects, &st.Members,
		&st.Deprecated, &st.Examples, &st.SharedNames, &st.Skipped} {
		*p = int(rd.uv())
	}
	np := rd.count(len(index))
	r.products = make([]*Product, 0, np)
	for k := 0; k < np && rd.err == nil; k++ {
		p := &Product{Name: rd.str(), DisplayName: rd.str(), Host: rd.str(), DefaultVersion: rd.str(), Folder: rd.str(), Brief: rd.str()}
		nv := rd.count(len(index))
		pe := &productEntry{p: p, versions: make(map[string]*versionEntry, nv)}
		for j := 0; j < nv && rd.err == nil; j++ {
			v := rd.str()
			off, n := rd.uv(), rd.uv()
			if off > uint64(len(data)) || n > uint64(len(data))-off {
				rd.fail()
				break
			}
			ve := &versionEntry{product: p.Name, version: v, blob: data[off : off+n]}
			na := rd.count(len(index))
			ve.refs = make([]ActionRef, na)
			for a := range ve.refs {
				ve.refs[a] = ActionRef{Product: p.Name, Version: v, Name: rd.str(), Title: rd.str(), Deprecated: rd.byte() == 1}
			}
			p.Versions = append(p.Versions, v)
			pe.versions[v] = ve
		}
		if pe.versions[p.DefaultVersion] == nil {
			rd.fail()
		}
		r.products = append(r.products, p)
		r.byName[strings.ToLower(p.Name)] = pe
		if p.Folder != "" {
			r.byName[strings.ToLower(p.Folder)] = pe
		}
	}
	if rd.err != nil {
		return nil, fmt.Errorf("schema index: %w", rd.err)
	}
	return r, nil
}

// decodeVersion inflates and decodes one version's definition.
func decodeVersion(blob, product, version string) (*versionData, error) {
	fr := flate.NewReader(strings.NewReader(blob))
	var buf bytes.Buffer
	buf.Grow(len(blob) * 4)
	if _, err := io.Copy(&buf, fr); err != nil {
		return nil, fmt.Errorf("schema %s %s: %w", product, version, err)
	}
	return decodeVersionData(buf.String(), product, version)
}

// decodeVersionData decodes an inflated version definition. It never
// panics: bad input gives an error.
func decodeVersionData(raw, product, version string) (*versionData, error) {
	rd := newReader(raw, versionMagic)
	no := rd.count(len(raw))
	nm := rd.count(len(raw))
	objs := make([]Object, no)
	mslab := make([]Member, nm)
	mptr := make([]*Member, nm)
	for k := range mslab {
		mptr[k] = &mslab[k]
	}
	obj := func(ref uint64) *Object {
		if ref == 0 {
			return nil
		}
		if ref > uint64(len(objs)) {
			rd.fail()
			return nil
		}
		return &objs[ref-1]
	}
	used := 0
	for k := range objs {
		o := &objs[k]
		o.Name, o.Doc = rd.str(), rd.str()
		n := rd.count(nm - used)
		o.Members = mptr[used : used+n : used+n]
		used += n
		for _, m := range o.Members {
			m.Name = rd.str()
			code, flags := rd.byte(), rd.byte()
			if int(code) >= len(typeCodes) {
				rd.fail()
				code = 0
			}
			m.Type = typeCodes[code]
			m.List, m.Required, m.Nullable = flags&flagList != 0, flags&flagRequired != 0, flags&flagNullable != 0
			m.OutputRequired = flags&flagOutputRequired != 0
			m.Object = obj(rd.uv())
			m.Example, m.Doc, m.Format = rd.str(), rd.str(), rd.str()
			if ne := rd.count(1 << 16); ne > 0 {
				m.Enum = make([]string, ne)
				for e := range m.Enum {
					m.Enum[e] = rd.str()
				}
			}
			if m.Type == TypeObject && m.Object == nil {
				rd.fail()
			}
		}
		if rd.err != nil {
			break
		}
	}
	na := rd.count(len(raw))
	d := &versionData{actions: make([]*Action, 0, na)}
	aslab := make([]Action, na)
	for k := range aslab {
		if rd.err != nil {
			break
		}
		a := &aslab[k]
		a.Product, a.Version = product, version
		a.Name, a.Title, a.Doc, a.Status = rd.str(), rd.str(), rd.str(), rd.str()
		a.SkipSign = rd.byte() == 1
		a.Input, a.Output = obj(rd.uv()), obj(rd.uv())
		if a.Input == nil || a.Output == nil {
			rd.fail()
		}
		if ne := rd.count(len(raw)); ne > 0 {
			a.Examples = make([]Example, ne)
			for e := range a.Examples {
				a.Examples[e] = Example{Title: rd.str(), Doc: rd.str(), Input: rd.str(), Output: rd.str()}
			}
		}
		d.actions = append(d.actions, a)
	}
	if rd.err != nil {
		return nil, fmt.Errorf("schema %s %s: %w", product, version, rd.err)
	}
	d.objects = make([]*Object, len(objs))
	for k := range objs {
		d.objects[k] = &objs[k]
	}
	sort.SliceStable(d.actions, func(i, j int) bool { return d.actions[i].Name < d.actions[j].Name })
	return d, nil
}
