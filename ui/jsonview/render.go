package jsonview

import (
	"bytes"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/ui/theme"
)

// seg is a run of text in one token style.
type seg struct {
	text string
	tok  tokKind
}

type tokKind uint8

const (
	tokPunct tokKind = iota
	tokKey
	tokString
	tokNumber
	tokBool
	tokNull
	tokPlain
	tokFold
)

// maxTok bounds the bytes of one token that are laid out; the rest of a
// huge string is never touched.
func capText(b []byte, max int) string {
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// segments lays out line i (with the fold state given) as token runs,
// without indentation. max caps each token's length.
func (ix *index) segments(i int, folded bool, max int) []seg {
	l := ix.lines[i]
	b := ix.body
	switch l.kind {
	case kindRaw:
		end := bytes.IndexByte(b[l.off:], '\n')
		if end < 0 {
			end = len(b) - l.off
		}
		return []seg{{capText(bytes.TrimRight(b[l.off:l.off+end], "\r"), max), tokPlain}}
	case kindClose:
		out := []seg{{string(b[l.off]), tokPunct}}
		if hasComma(b, l.off+1) {
			out = append(out, seg{",", tokPunct})
		}
		return out
	}
	var out []seg
	keyEnd, p := keyPrefix(b, l.off)
	if keyEnd >= 0 {
		out = append(out, seg{capText(b[l.off:keyEnd], max), tokKey}, seg{": ", tokPunct})
	}
	if p >= len(b) { // a key with nothing after it (a cut-off body)
		return out
	}
	c := b[p]
	switch {
	case c == '{' || c == '[':
		if l.kind == kindScalar { // empty container
			j := p + 1
			for j < len(b)-1 && isSpace(b[j]) {
				j++
			}
			out = append(out, seg{string(c) + string(b[min(j, len(b)-1)]), tokPunct})
			if hasComma(b, j+1) {
				out = append(out, seg{",", tokPunct})
			}
			return out
		}
		out = append(out, seg{string(c), tokPunct})
		if folded && l.match >= 0 {
			cl := ix.lines[l.match]
			n := int(l.match) - i - 1
			out = append(out, seg{" … ", tokFold}, seg{string(b[cl.off]), tokPunct})
			if hasComma(b, cl.off+1) {
				out = append(out, seg{",", tokPunct})
			}
			out = append(out, seg{"  " + strconv.Itoa(n) + " lines", tokFold})
		}
		return out
	default:
		end, _ := skipScalar(b, p)
		tk := tokNumber
		switch c {
		case '"':
			tk = tokString
		case 't', 'f':
			tk = tokBool
		case 'n':
			tk = tokNull
		}
		out = append(out, seg{capText(b[p:end], max), tk})
		if hasComma(b, end) {
			out = append(out, seg{",", tokPunct})
		}
		return out
	}
}

func hasComma(b []byte, i int) bool {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i < len(b) && b[i] == ','
}

// plain returns line i's text without styles or indentation.
func plain(segs []seg) string {
	var sb strings.Builder
	for _, s := range segs {
		sb.WriteString(s.text)
	}
	return sb.String()
}

func tokStyle(s *theme.JSONStyles, t tokKind) lipgloss.Style {
	switch t {
	case tokKey:
		return s.Key
	case tokString:
		return s.String
	case tokNumber:
		return s.Number
	case tokBool:
		return s.Bool
	case tokNull:
		return s.Null
	case tokFold:
		return s.Fold
	case tokPlain:
		return lipgloss.NewStyle()
	}
	return s.Punct
}

// styleLine renders segments with token colours, marking occurrences of
// query with the match style. width bounds the result.
func styleLine(s *theme.JSONStyles, indent string, segs []seg, query string, width int) string {
	var sb strings.Builder
	sb.WriteString(indent)
	for _, g := range segs {
		st := tokStyle(s, g.tok)
		if query == "" || !strings.Contains(g.text, query) {
			sb.WriteString(st.Render(g.text))
			continue
		}
		rest := g.text
		for {
			k := strings.Index(rest, query)
			if k < 0 {
				sb.WriteString(st.Render(rest))
				break
			}
			if k > 0 {
				sb.WriteString(st.Render(rest[:k]))
			}
			sb.WriteString(s.Match.Render(query))
			rest = rest[k+len(query):]
			if rest == "" {
				break
			}
		}
	}
	return ansi.Truncate(sb.String(), width, "…")
}

// keyPrefix looks at the line starting at p: when it begins with an object
// key ("key" then ':'), keyEnd is the end of the key string and value is
// where the value starts (after the colon and spaces); otherwise keyEnd is
// -1 and value is p.
func keyPrefix(b []byte, p int) (keyEnd, value int) {
	if b[p] != '"' {
		return -1, p
	}
	end, _ := skipString(b, p)
	q := end
	for q < len(b) && isSpace(b[q]) {
		q++
	}
	if q >= len(b) || b[q] != ':' {
		return -1, p
	}
	q++
	for q < len(b) && isSpace(b[q]) {
		q++
	}
	return end, q
}
