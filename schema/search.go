package schema

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Score tiers: every match of a tier outranks every match of a lower one.
const (
	scoreExact    = 1000
	scorePrefix   = 800
	scoreBoundary = 600 // substring starting at a word boundary ("Instances" in DescribeInstances)
	scoreSubstr   = 400
	scoreFuzzy    = 100 // letters in order ("dscinst")
)

// popular products win ties ("DescribeInstances" is in 40 products; cvm's
// is the one most people look for). Read-only.
var popular = map[string]bool{
	"cvm": true, "vpc": true, "cbs": true, "clb": true, "cdb": true, "cos": true, "tke": true,
	"scf": true, "cam": true, "sts": true, "monitor": true, "cls": true, "redis": true, "lighthouse": true,
}

// searchIndex is the registry's search data, built on first search.
type searchIndex struct {
	entries []searchEntry
}

type searchEntry struct {
	kind            HitKind
	product         string
	version         string
	name, title     string // as shown
	nameLo, titleLo string // lowercased for matching
	deprecated      bool
	otherVersion    bool   // not the product's default version
	nameMask        uint64 // runeMask of nameLo: a cheap "cannot match" test
	titleMask       uint64
}

// runeMask sets one bit per distinct character class in s (letters and
// digits exactly, other characters hashed), so that a query whose mask is
// not a subset of a text's mask cannot match it, not even fuzzily.
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << uint(r-'a')
		case r >= '0' && r <= '9':
			m |= 1 << uint(26+r-'0')
		default:
			m |= 1 << uint(36+r%28)
		}
	}
	return m
}

func (r *Registry) searchData() *searchIndex {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.search != nil {
		return r.search
	}
	n := len(r.products)
	for _, p := range r.products {
		for _, ve := range r.byName[strings.ToLower(p.Name)].versions {
			n += len(ve.refs)
		}
	}
	si := &searchIndex{entries: make([]searchEntry, 0, n)}
	for _, p := range r.products {
		si.entries = append(si.entries, searchEntry{kind: HitProduct, product: p.Name, version: p.DefaultVersion,
			name: p.Name, title: p.DisplayName, nameLo: strings.ToLower(p.Name), titleLo: strings.ToLower(p.DisplayName)})
		pe := r.byName[strings.ToLower(p.Name)]
		for _, v := range p.Versions {
			for _, a := range pe.versions[v].refs {
				si.entries = append(si.entries, searchEntry{kind: HitAction, product: p.Name, version: v,
					name: a.Name, title: a.Title, nameLo: strings.ToLower(a.Name), titleLo: strings.ToLower(a.Title),
					deprecated: a.Deprecated, otherVersion: v != p.DefaultVersion})
			}
		}
	}
	for i := range si.entries {
		e := &si.entries[i]
		e.nameMask, e.titleMask = runeMask(e.nameLo), runeMask(e.titleLo)
	}
	r.search = si
	return si
}

// Search finds products (by short and display name) and actions (by name and
// title) matching query, best first, at most limit (all when limit <= 0).
// Matching is case-insensitive: an exact name first, then prefixes, then
// substrings at a word boundary ("inst" in DescribeInstances), then other
// substrings, then letters in order ("dscinst"). Several words must each
// match the product, the name or the title ("cvm instances"). Deprecated
// actions come after all others, and actions of non-default versions after
// the default's at equal score.
func (r *Registry) Search(query string, limit int) []Hit {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return nil
	}
	si := r.searchData()
	top := &topHits{limit: limit}
	q := &searchQuery{terms: terms, joined: strings.Join(terms, "")}
	for _, t := range terms {
		q.masks = append(q.masks, runeMask(t))
	}
	si.scan(q, top, false)
	// Letters-in-order matches score below every substring match: look for
	// them only when the substring pass left room for them.
	maxFuzzy := scoreFuzzy + 15*len(q.joined) + 60
	if limit <= 0 || len(top.hits) < limit || top.hits[len(top.hits)-1].Score < maxFuzzy || top.hits[len(top.hits)-1].Deprecated {
		q.fuzzy = true
		si.scan(q, top, true)
	}
	for i := range top.hits {
		q.positions(&top.hits[i], &si.entries[top.hits[i].entry])
	}
	return top.sorted()
}

type searchQuery struct {
	masks   []uint64 // runeMask of each term
	terms   []string
	joined  string
	fuzzy   bool
	matched []bool // entries the substring pass matched (skipped by the fuzzy pass)
}

// scan scores every entry. In the fuzzy pass (second), entries that matched
// in the first pass are skipped so none appears twice.
func (si *searchIndex) scan(q *searchQuery, top *topHits, fuzzyPass bool) {
	if q.matched == nil {
		q.matched = make([]bool, len(si.entries))
	}
	for i := range si.entries {
		if fuzzyPass && q.matched[i] {
			continue
		}
		e := &si.entries[i]
		total, field := q.score(e)
		if total <= 0 {
			continue
		}
		q.matched[i] = true
		if e.kind == HitProduct {
			total += 50
		}
		if e.otherVersion {
			total -= 5
		}
		if popular[e.product] {
			total += 3 // at equal match, the products most people use first
		}
		h := Hit{Kind: e.kind, Product: e.product, Version: e.version, Title: e.title, Score: total, Field: field, Deprecated: e.deprecated, entry: i}
		if e.kind == HitAction {
			h.Action = e.name
		}
		if top.admits(h) {
			top.add(h)
		}
	}
}

// score returns the entry's score for the query (0: no match) and the field
// the positions will refer to.
func (q *searchQuery) score(e *searchEntry) (int, string) {
	total, field := 0, ""
	for i, t := range q.terms {
		if e.nameMask&q.masks[i] != q.masks[i] && e.titleMask&q.masks[i] != q.masks[i] && e.product != t {
			return 0, ""
		}
		s, f := q.termScore(e, t)
		if s == 0 {
			return 0, ""
		}
		total += s
		if field == "" || (field == "product" && f != "product") {
			field = f
		}
	}
	total /= len(q.terms)
	if len(q.terms) > 1 {
		// "describe instances" is also the name DescribeInstances.
		if s, _ := tierScore(e.name, e.nameLo, q.joined); s > total {
			total, field = s, "name"
		}
	}
	return total, field
}

func (q *searchQuery) termScore(e *searchEntry, t string) (int, string) {
	s, _ := tierScore(e.name, e.nameLo, t)
	f := "name"
	if ts, _ := tierScore(e.title, e.titleLo, t); ts > s {
		s, f = ts, "title"
	}
	if e.kind == HitAction && len(q.terms) > 1 && s < scoreExact && e.product == t {
		return scoreExact, "product"
	}
	if s == 0 && q.fuzzy {
		s, f = fuzzyScore(e.name, e.nameLo, t), "name"
		if ts := fuzzyScore(e.title, e.titleLo, t); ts > s {
			s, f = ts, "title"
		}
	}
	return s, f
}

// positions fills h.Matched and h.Field: the rune positions in the name (or
// title) that the query's terms matched.
func (q *searchQuery) positions(h *Hit, e *searchEntry) {
	if h.Field == "product" { // only the product name matched: nothing to highlight
		h.Field = ""
		return
	}
	text, lo := e.name, e.nameLo
	if h.Field == "title" {
		text, lo = e.title, e.titleLo
	}
	var offs []int
	if len(q.terms) > 1 {
		if s, at := tierScore(e.name, e.nameLo, q.joined); s > 0 && h.Field == "name" {
			h.Matched = runePositions(text, span(at, len(q.joined)))
			return
		}
	}
	for _, t := range q.terms {
		if s, at := tierScore(text, lo, t); s > 0 {
			offs = append(offs, span(at, len(t))...)
		} else if q.fuzzy {
			offs = append(offs, fuzzyPositions(text, lo, t)...)
		}
	}
	h.Matched = runePositions(text, offs)
}

// less orders hits: not deprecated first, higher score, products before
// actions, shorter names, then alphabetically.
func less(a, b *Hit) bool {
	if a.Deprecated != b.Deprecated {
		return !a.Deprecated
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	an, bn := a.Action+a.Member, b.Action+b.Member
	if len(an) != len(bn) {
		return len(an) < len(bn)
	}
	if an != bn {
		return an < bn
	}
	if a.Product != b.Product {
		return a.Product < b.Product
	}
	return a.Version < b.Version
}

// topHits keeps the best limit hits without sorting them all.
type topHits struct {
	limit int
	hits  []Hit
}

func (t *topHits) admits(h Hit) bool {
	return t.limit <= 0 || len(t.hits) < t.limit || less(&h, &t.hits[len(t.hits)-1])
}

func (t *topHits) add(h Hit) {
	if t.limit <= 0 {
		t.hits = append(t.hits, h)
		return
	}
	i := sort.Search(len(t.hits), func(i int) bool { return less(&h, &t.hits[i]) })
	if len(t.hits) < t.limit {
		t.hits = append(t.hits, Hit{})
	}
	copy(t.hits[i+1:], t.hits[i:])
	t.hits[i] = h
}

func (t *topHits) sorted() []Hit {
	if t.limit <= 0 {
		sort.SliceStable(t.hits, func(i, j int) bool { return less(&t.hits[i], &t.hits[j]) })
	}
	return t.hits
}

// tierScore scores query q (lowercase) against text (lo = lowercased) by
// exact, prefix and substring matches, and returns where the match starts.
func tierScore(text, lo, q string) (int, int) {
	if lo == "" || len(q) > len(lo) {
		return 0, -1
	}
	if lo == q {
		return scoreExact, 0
	}
	if strings.HasPrefix(lo, q) {
		return scorePrefix - min(len(lo)-len(q), 100), 0
	}
	best, at := 0, -1
	for off := 0; off < len(lo); {
		i := strings.Index(lo[off:], q)
		if i < 0 {
			break
		}
		i += off
		s := scoreSubstr
		if boundary(text, i) {
			s = scoreBoundary
		}
		s -= min(i, 100)
		if s > best {
			best, at = s, i
		}
		if s >= scoreBoundary-100 {
			break
		}
		_, n := utf8.DecodeRuneInString(lo[i:])
		off = i + n
	}
	return best, at
}

// matchScore is tierScore, then fuzzy, with the matched byte offsets.
func matchScore(text, lo, q string) (int, []int) {
	if s, at := tierScore(text, lo, q); s > 0 {
		return s, span(at, len(q))
	}
	if s := fuzzyScore(text, lo, q); s > 0 {
		return s, fuzzyPositions(text, lo, q)
	}
	return 0, nil
}

func span(at, n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = at + i
	}
	return p
}

// boundary reports whether byte offset i in text starts a word: the start,
// after a separator, an upper-case letter after a lower-case one, or a
// letter after a digit.
func boundary(text string, i int) bool {
	if i == 0 {
		return true
	}
	if i >= len(text) {
		return false
	}
	if p, c := text[i-1], text[i]; p < utf8.RuneSelf && c < utf8.RuneSelf {
		isLower := func(b byte) bool { return b >= 'a' && b <= 'z' }
		isUpper := func(b byte) bool { return b >= 'A' && b <= 'Z' }
		isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
		switch {
		case !isLower(p) && !isUpper(p) && !isDigit(p):
			return true
		case isUpper(c) && !isUpper(p):
			return true
		case (isLower(c) || isUpper(c)) && isDigit(p):
			return true
		}
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	cur, _ := utf8.DecodeRuneInString(text[i:])
	switch {
	case !unicode.IsLetter(prev) && !unicode.IsDigit(prev):
		return true
	case unicode.IsUpper(cur) && !unicode.IsUpper(prev):
		return true
	case unicode.IsLetter(cur) && unicode.IsDigit(prev):
		return true
	case prev >= 0x2E80 || cur >= 0x2E80: // CJK: every character is a word
		return true
	}
	return false
}

// fuzzyScore matches q's characters in order, preferring word starts, and
// returns 0 when they are not all there.
func fuzzyScore(text, lo, q string) int {
	// Cheap rejection first: are the bytes there in order at all?
	j := 0
	for k := 0; k < len(lo) && j < len(q); k++ {
		if lo[k] == q[j] {
			j++
		}
	}
	if j < len(q) {
		return 0
	}
	score, _ := fuzzyWalk(text, lo, q, nil)
	return score
}

// fuzzyPositions returns the byte offsets fuzzyScore matched.
func fuzzyPositions(text, lo, q string) []int {
	_, pos := fuzzyWalk(text, lo, q, make([]int, 0, len(q)))
	return pos
}

func fuzzyWalk(text, lo, q string, pos []int) (int, []int) {
	score := scoreFuzzy
	j := 0
	last := -1
	for _, qc := range q {
		found := -1
		// Prefer the next word start that has the character; else the next occurrence.
		for k := j; k < len(lo); {
			c, n := rune(lo[k]), 1
			if c >= utf8.RuneSelf {
				c, n = utf8.DecodeRuneInString(lo[k:])
			}
			if c == qc {
				if found < 0 {
					found = k
				}
				if boundary(text, k) {
					found = k
					break
				}
			}
			k += n
		}
		if found < 0 {
			return 0, nil
		}
		if boundary(text, found) {
			score += 10
		}
		if last >= 0 && found == last+1 {
			score += 5
		}
		if pos != nil {
			pos = append(pos, found)
		}
		last = found
		_, n := utf8.DecodeRuneInString(lo[found:])
		j = found + n
	}
	score -= min(len(lo)-len(q), 60)
	if score <= 0 {
		score = 1
	}
	return score, pos
}

// runePositions converts byte offsets in s to rune indices (an offset
// inside a multi-byte character counts as that character).
func runePositions(s string, offs []int) []int {
	if len(offs) == 0 {
		return nil
	}
	sorted := append([]int(nil), offs...)
	sort.Ints(sorted)
	out := make([]int, 0, len(offs))
	k, ri := 0, 0
	for bi := 0; bi < len(s) && k < len(sorted); ri++ {
		_, n := utf8.DecodeRuneInString(s[bi:])
		for k < len(sorted) && sorted[k] < bi+n {
			if sorted[k] >= bi && (len(out) == 0 || out[len(out)-1] != ri) {
				out = append(out, ri)
			}
			k++
		}
		bi += n
	}
	return out
}

// SearchMembers finds members of o (and of the objects below it, each
// object expanded once per path) whose name or doc matches query. Hit.Member
// is the dotted path ("Filters.Values"), Hit.Matched indexes its last
// segment (Field "name") or nothing for doc matches (Field "doc").
func SearchMembers(o *Object, query string, limit int) []Hit {
	q := strings.ToLower(strings.TrimSpace(query))
	top := &topHits{limit: limit}
	if o == nil || q == "" {
		return nil
	}
	var walk func(o *Object, prefix string, onPath map[*Object]bool, depth int)
	walk = func(o *Object, prefix string, onPath map[*Object]bool, depth int) {
		for _, m := range o.Members {
			path := m.Name
			if prefix != "" {
				path = prefix + "." + m.Name
			}
			s, pos := matchScore(m.Name, strings.ToLower(m.Name), q)
			field := "name"
			if s == 0 && len(q) >= 2 && strings.Contains(strings.ToLower(m.Doc), q) {
				s, pos, field = scoreFuzzy-50, nil, "doc"
			}
			if s > 0 {
				h := Hit{Kind: HitMember, Member: path, Title: firstLine(m.Doc), Score: s - depth*10, Field: field}
				h.Matched = runePositions(m.Name, pos)
				if top.admits(h) {
					top.add(h)
				}
			}
			if m.Object != nil && !onPath[m.Object] && depth < synthDepth {
				onPath[m.Object] = true
				walk(m.Object, path, onPath, depth+1)
				delete(onPath, m.Object)
			}
		}
	}
	walk(o, "", map[*Object]bool{o: true}, 0)
	return top.sorted()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
