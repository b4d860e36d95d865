// Package jsonview is the explorer's virtualised JSON viewer. It never
// pretty-prints a whole body: an index of where each pretty-printed line
// starts in the raw bytes is built lazily, only as far as the screen (or a
// search, fold or jump) needs, and only visible lines are rendered. A 20 MB
// response therefore opens at once.
package jsonview

// lineKind says what starts a pretty-printed line.
type lineKind uint8

const (
	kindScalar lineKind = iota // [key:] scalar, or an empty {} / []
	kindOpen                   // [key:] { or [
	kindClose                  // } or ]
	kindRaw                    // a line of a body that is not JSON
)

// line is one pretty-printed line: where its text starts in the raw body,
// its depth, what it is, and (for opens, once known) the index of the line
// that closes it.
type line struct {
	off   int
	match int32 // kindOpen: index of its close line; -1 while unknown
	depth int16 // nesting, capped at maxDepth
	kind  lineKind
}

// maxDepth caps the recorded nesting so a line stays 16 bytes; deeper
// values are shown at this indentation.
const maxDepth = 1<<15 - 1

// index builds lines incrementally from a raw body. Its state after each
// step is a position and the stack of open containers, so it can resume.
type index struct {
	body  []byte
	lines []line
	pos   int
	stack []int32 // indexes of open lines not yet closed
	kinds []byte  // '{' or '[' per stack entry
	done  bool
	raw   bool // the body stopped parsing as JSON: the rest is raw lines
}

func newIndex(body []byte) *index {
	ix := &index{body: body}
	ix.lines = make([]line, 0, 256)
	return ix
}

// ensure indexes lines until at least n exist or the body ends.
func (ix *index) ensure(n int) {
	for len(ix.lines) < n && !ix.done {
		ix.step()
	}
}

// all indexes the whole body.
func (ix *index) all() {
	for !ix.done {
		ix.step()
	}
}

// until indexes lines until one starts at or after off (or the body ends).
func (ix *index) until(off int) {
	for !ix.done && (len(ix.lines) == 0 || ix.lines[len(ix.lines)-1].off < off) {
		ix.step()
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func (ix *index) skipSpace() {
	b := ix.body
	for ix.pos < len(b) && (isSpace(b[ix.pos]) || b[ix.pos] == ',') {
		ix.pos++
	}
}

// step emits one line.
func (ix *index) step() {
	if ix.raw {
		ix.stepRaw()
		return
	}
	ix.skipSpace()
	b := ix.body
	if ix.pos >= len(b) {
		ix.done = true
		return
	}
	c := b[ix.pos]
	depth := int16(min(len(ix.stack), maxDepth))
	if c == '}' || c == ']' {
		if len(ix.stack) == 0 || (c == '}') != (ix.kinds[len(ix.kinds)-1] == '{') {
			ix.toRaw()
			return
		}
		open := ix.stack[len(ix.stack)-1]
		ix.stack = ix.stack[:len(ix.stack)-1]
		ix.kinds = ix.kinds[:len(ix.kinds)-1]
		ix.lines[open].match = int32(len(ix.lines))
		ix.lines = append(ix.lines, line{off: ix.pos, depth: depth - 1, kind: kindClose, match: open})
		ix.pos++
		if len(ix.stack) == 0 {
			ix.finishTop()
		}
		return
	}
	start := ix.pos
	if len(ix.kinds) > 0 && ix.kinds[len(ix.kinds)-1] == '{' {
		end, ok := skipString(b, ix.pos)
		if !ok {
			ix.toRaw()
			return
		}
		ix.pos = end
		for ix.pos < len(b) && isSpace(b[ix.pos]) {
			ix.pos++
		}
		if ix.pos >= len(b) || b[ix.pos] != ':' {
			ix.toRaw()
			return
		}
		ix.pos++
		for ix.pos < len(b) && isSpace(b[ix.pos]) {
			ix.pos++
		}
		if ix.pos >= len(b) {
			ix.toRaw()
			return
		}
		c = b[ix.pos]
	}
	switch c {
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		j := ix.pos + 1
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == close {
			ix.lines = append(ix.lines, line{off: start, depth: depth, kind: kindScalar, match: -1})
			ix.pos = j + 1
			if len(ix.stack) == 0 {
				ix.finishTop()
			}
			return
		}
		ix.stack = append(ix.stack, int32(len(ix.lines)))
		ix.kinds = append(ix.kinds, c)
		ix.lines = append(ix.lines, line{off: start, depth: depth, kind: kindOpen, match: -1})
		ix.pos++
	default:
		end, ok := skipScalar(b, ix.pos)
		if !ok {
			ix.toRaw()
			return
		}
		ix.lines = append(ix.lines, line{off: start, depth: depth, kind: kindScalar, match: -1})
		ix.pos = end
		if len(ix.stack) == 0 {
			ix.finishTop()
		}
	}
}

// finishTop ends parsing after the top-level value; anything but space after
// it is shown raw.
func (ix *index) finishTop() {
	b := ix.body
	for ix.pos < len(b) && isSpace(b[ix.pos]) {
		ix.pos++
	}
	if ix.pos >= len(b) {
		ix.done = true
		return
	}
	ix.toRaw()
}

// toRaw switches to raw lines from the start of the current text line.
func (ix *index) toRaw() {
	ix.raw = true
	p := ix.pos
	if len(ix.lines) > 0 && p <= ix.lines[len(ix.lines)-1].off {
		p = ix.lines[len(ix.lines)-1].off + 1
	}
	for p > 0 && ix.body[p-1] != '\n' && (len(ix.lines) == 0 || p-1 > ix.lines[len(ix.lines)-1].off) {
		p--
	}
	ix.pos = p
	ix.stack, ix.kinds = nil, nil
	// Unclosed opens stay without a match: they cannot fold.
	if ix.pos >= len(ix.body) {
		ix.done = true
	}
}

func (ix *index) stepRaw() {
	b := ix.body
	if ix.pos >= len(b) {
		ix.done = true
		return
	}
	ix.lines = append(ix.lines, line{off: ix.pos, kind: kindRaw, match: -1})
	for ix.pos < len(b) && b[ix.pos] != '\n' {
		ix.pos++
	}
	ix.pos++
	if ix.pos >= len(b) {
		ix.done = true
	}
}

// skipString returns the offset after the JSON string starting at i.
func skipString(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		case '\n':
			return j, false
		}
	}
	return len(b), false
}

// skipScalar returns the offset after the scalar (string, number, literal)
// starting at i.
func skipScalar(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	if b[i] == '"' {
		return skipString(b, i)
	}
	j := i
	for j < len(b) {
		c := b[j]
		if isSpace(c) || c == ',' || c == '}' || c == ']' || c == ':' {
			break
		}
		if c == '{' || c == '[' || c == '"' {
			return j, false
		}
		j++
	}
	if j == i {
		return j, false
	}
	switch b[i] {
	case 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return j, true
	}
	return j, false
}

// findClose indexes until the open line i is closed and returns its close
// line, or -1 when the body ends first.
func (ix *index) findClose(i int) int {
	for ix.lines[i].match < 0 && !ix.done {
		ix.step()
	}
	return int(ix.lines[i].match)
}
