package schema

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DocText converts the source's documentation (a mix of HTML fragments and
// Markdown) into plain terminal text: list items become bullets, bold and
// italic markers are dropped, links become numbered footnotes listed at the
// end, table rows become " | "-separated lines, entities are decoded, and
// control and zero-width characters are removed. Angle-bracket text that is
// not a known HTML tag ("<公共请求参数>", "<InstanceId>") is kept.
func DocText(s string) string {
	if s == "" {
		return ""
	}
	c := docConv{}
	c.run(s)
	return c.finish()
}

var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "s": true, "del": true,
	"p": true, "div": true, "span": true, "br": true, "hr": true, "font": true, "nobr": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "td": true, "th": true,
	"code": true, "pre": true, "blockquote": true, "sup": true, "sub": true, "img": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "section": true,
	"center": true, "small": true, "big": true, "mark": true, "label": true, "caption": true,
}

type docConv struct {
	out      strings.Builder
	links    []string
	linkHref []string // stack of open <a> hrefs
	cell     int      // cells written in the current table row
}

func (c *docConv) run(s string) {
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == '<':
			if n := c.tag(s[i:]); n > 0 {
				i += n
				continue
			}
		case ch == '[':
			if n := c.mdLink(s[i:]); n > 0 {
				i += n
				continue
			}
		case ch == '*' && strings.HasPrefix(s[i:], "**"):
			// Markdown bold/bold-italic markers: drop.
			for i < len(s) && s[i] == '*' {
				i++
			}
			continue
		case ch == '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j < 10 {
				u := html.UnescapeString(s[i : i+j+1])
				if u != s[i:i+j+1] {
					c.text(u)
					i += j + 1
					continue
				}
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		c.rune(r)
		i += n
	}
}

func (c *docConv) rune(r rune) {
	switch {
	case r == '\r', r == utf8.RuneError:
		return
	case r == '\t':
		c.out.WriteByte(' ')
	case r == '\n':
		c.out.WriteByte('\n')
	case r == '\u00a0':
		c.out.WriteByte(' ')
	case r < 0x20, r == 0x7f, r == '\u200b', r == '\u200c', r == '\u200d', r == '\ufeff', r == '\u2028', r == '\u2029':
		return
	default:
		c.out.WriteRune(r)
	}
}

func (c *docConv) text(s string) {
	for _, r := range s {
		c.rune(r)
	}
}

// tag handles an HTML tag at the start of s and returns its length, or 0 when
// s does not start with a known tag.
func (c *docConv) tag(s string) int {
	end := strings.IndexByte(s, '>')
	if end < 2 {
		return 0
	}
	body := s[1:end]
	closing := strings.HasPrefix(body, "/")
	body = strings.TrimPrefix(body, "/")
	name := body
	if k := strings.IndexAny(body, " \t\n/"); k >= 0 {
		name = body[:k]
	}
	name = strings.ToLower(name)
	if !htmlTags[name] {
		return 0
	}
	switch name {
	case "br", "hr":
		c.newline()
	case "p", "div", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "section", "table", "ul", "ol":
		if !closing { // one line break per block; blank lines come from the source
			c.newline()
		}
	case "li":
		if !closing {
			c.newline()
			c.out.WriteString("• ")
		}
	case "tr":
		if !closing {
			c.newline()
		}
		c.cell = 0
	case "td", "th":
		if !closing {
			if c.cell > 0 {
				c.out.WriteString(" | ")
			}
			c.cell++
		}
	case "a":
		if closing {
			if n := len(c.linkHref); n > 0 {
				href := c.linkHref[n-1]
				c.linkHref = c.linkHref[:n-1]
				c.footnote(href)
			}
		} else {
			c.linkHref = append(c.linkHref, attr(body, "href"))
		}
	}
	return end + 1
}

// mdLink handles a Markdown link [text](url) at the start of s.
func (c *docConv) mdLink(s string) int {
	close := strings.Index(s, "](")
	if close < 2 || strings.ContainsAny(s[1:close], "\n[") {
		return 0
	}
	end := strings.IndexByte(s[close+2:], ')')
	if end < 1 {
		return 0
	}
	url := strings.TrimSpace(s[close+2 : close+2+end])
	if strings.ContainsAny(url, " \n") {
		return 0
	}
	c.run(s[1:close])
	c.footnote(url)
	return close + 2 + end + 1
}

func (c *docConv) footnote(href string) {
	href = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, html.UnescapeString(href)))
	if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") {
		return
	}
	if strings.HasPrefix(href, "//") {
		href = "https:" + href
	} else if strings.HasPrefix(href, "/") {
		href = "https://cloud.tencent.com" + href
	}
	n := 0
	for i, l := range c.links {
		if l == href {
			n = i + 1
		}
	}
	if n == 0 {
		c.links = append(c.links, href)
		n = len(c.links)
	}
	c.out.WriteString("[" + strconv.Itoa(n) + "]")
}

func (c *docConv) newline() {
	c.out.WriteByte('\n')
}

// attr extracts an attribute value from a tag body.
func attr(body, name string) string {
	lb := strings.ToLower(body)
	i := strings.Index(lb, name+"=")
	if i < 0 {
		return ""
	}
	v := body[i+len(name)+1:]
	if v == "" {
		return ""
	}
	if q := v[0]; q == '"' || q == '\'' {
		if j := strings.IndexByte(v[1:], q); j >= 0 {
			return v[1 : 1+j]
		}
		return v[1:]
	}
	if j := strings.IndexAny(v, " \t"); j >= 0 {
		return v[:j]
	}
	return v
}

// finish tidies whitespace (trailing spaces, runs of blank lines, lines that
// hold only spaces) and appends the footnotes.
func (c *docConv) finish() string {
	lines := strings.Split(c.out.String(), "\n")
	var b strings.Builder
	blank := 0
	started := false
	fence := false
	for _, l := range lines {
		l = strings.TrimRight(l, " ")
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
		} else if !fence && strings.HasPrefix(l, ">") {
			// Markdown block quote: the marker adds nothing in a terminal.
			l = strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
		}
		if strings.TrimSpace(l) == "" || strings.TrimSpace(l) == "•" {
			if started {
				blank++
			}
			continue
		}
		if started {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		started = true
		b.WriteString(l)
	}
	if len(c.links) > 0 {
		b.WriteString("\n")
		for i, l := range c.links {
			b.WriteString("\n[" + strconv.Itoa(i+1) + "] " + l)
		}
	}
	return b.String()
}
