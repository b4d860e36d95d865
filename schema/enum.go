package schema

import (
	"regexp"
	"strings"
)

// The one documentation pattern enums are taken from: "取值范围：" followed
// directly by a list of at least two <li>CONSTANT：meaning</li> items, every
// item an upper-case constant. Anything looser (prose lists, lower-case
// values, a list that goes on with other items) yields no enum, because a
// wrong enum would make Validate reject valid requests.
var (
	enumRun  = regexp.MustCompile(`取值范围[：:]\s*(?:<br\s*/?>\s*)*((?:<li>\s*[A-Z][A-Z0-9_]*\s*[：:][^<]*</li>\s*(?:<br\s*/?>\s*)*){2,})`)
	enumItem = regexp.MustCompile(`<li>\s*([A-Z][A-Z0-9_]*)\s*[：:]`)
	enumDef  = regexp.MustCompile(`默认(?:取)?值[为是]?[：:]?\s*([A-Z][A-Z0-9_]*)`)
)

// enumFromDoc returns the values a member's (HTML) doc enumerates, or nil.
func enumFromDoc(doc string) []string {
	loc := enumRun.FindStringSubmatchIndex(doc)
	if loc == nil {
		return nil
	}
	if rest := strings.TrimSpace(doc[loc[1]:]); strings.HasPrefix(rest, "<li>") {
		return nil // the list goes on with items of another shape
	}
	var vals []string
	seen := map[string]bool{}
	for _, m := range enumItem.FindAllStringSubmatch(doc[loc[2]:loc[3]], -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			vals = append(vals, m[1])
		}
	}
	if len(vals) < 2 {
		return nil
	}
	// A documented default outside the list means the list is not the whole story.
	if d := enumDef.FindStringSubmatch(doc); d != nil && !seen[d[1]] {
		return nil
	}
	if strings.Count(doc, "取值范围") > 1 {
		return nil // several value lists in one doc (per mode, per region …)
	}
	return vals
}
