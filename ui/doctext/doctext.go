// Package doctext wraps API documentation for a terminal column. The cloud's
// docs are mostly Chinese, which has no spaces to break at: a word wrapper
// moves a whole sentence to the next line and leaves a bullet ("*") alone
// on its own. Here every wide (CJK) character is a place to break, words of
// Latin text stay whole unless longer than the column, and a line never
// starts with closing punctuation.
package doctext

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Wrap wraps plain text (no escape codes) to width w; "\n" in the text
// starts a new line.
func Wrap(text string, w int) string {
	if w < 1 {
		w = 1
	}
	src := strings.Split(text, "\n")
	out := make([]string, 0, len(src))
	for _, l := range src {
		out = append(out, wrapLine(strings.TrimRight(l, " "), w)...)
	}
	return strings.Join(out, "\n")
}

// noStart are characters that stay on the line before them.
const noStart = "，。、；：！？）》」』】,.;:!?)]}"

func wrapLine(l string, w int) []string {
	if ansi.StringWidth(l) <= w {
		return []string{l}
	}
	var lines []string
	var cur []string // tokens on the current line
	cw := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(cur, ""), " "))
		cur, cw = nil, 0
	}
	add := func(tok string, tw int) { cur, cw = append(cur, tok), cw+tw }
	for _, tok := range tokens(l) {
		tw := ansi.StringWidth(tok)
		switch {
		case tok == " ":
			if cw > 0 && cw < w {
				add(tok, 1)
			}
		case cw+tw <= w:
			add(tok, tw)
		case tw > w: // a word longer than the column: cut it
			for _, r := range tok {
				rw := ansi.StringWidth(string(r))
				if cw+rw > w {
					flush()
				}
				add(string(r), rw)
			}
		case strings.Contains(noStart, tok) && len(cur) > 1:
			// closing punctuation takes the character before it along
			last := cur[len(cur)-1]
			cur = cur[:len(cur)-1]
			flush()
			add(last, ansi.StringWidth(last))
			add(tok, tw)
		default:
			flush()
			add(tok, tw)
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// tokens splits a line into spaces, runs of narrow non-space characters
// (words) and single wide characters.
func tokens(l string) []string {
	var out []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range l {
		switch {
		case r == ' ':
			end()
			out = append(out, " ")
		case ansi.StringWidth(string(r)) > 1 || unicode.Is(unicode.Han, r):
			end()
			out = append(out, string(r))
		default:
			word.WriteRune(r)
		}
	}
	end()
	return out
}
