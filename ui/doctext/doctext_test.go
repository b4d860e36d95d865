package doctext

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const doc = "本接口 (DescribeInstances) 用于查询一个或多个实例的详细信息。\n\n* 可以根据实例`ID`、实例名称或者实例计费模式等信息来查询实例的详细信息。过滤信息详细请见过滤器`Filter`。"

func TestWrapBreaksChineseInsteadOfMovingIt(t *testing.T) {
	got := strings.Split(Wrap(doc, 40), "\n")
	if got[0] == "本接口 (DescribeInstances)" {
		t.Errorf("the sentence was moved to the next line instead of filling this one: %q", got[0])
	}
	for _, l := range got {
		if strings.TrimSpace(l) == "*" {
			t.Errorf("a bullet alone on its line:\n%s", strings.Join(got, "\n"))
		}
	}
}

func TestWrapNeverExceedsTheWidth(t *testing.T) {
	for _, w := range []int{1, 5, 17, 40, 80} {
		for _, l := range strings.Split(Wrap(doc+" averyveryverylongwordthatcannotfitanywhere", w), "\n") {
			if ansi.StringWidth(l) > max(w, 2) { // a wide rune needs 2 columns
				t.Fatalf("width %d: %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
	}
}

func TestWrapKeepsLatinWordsWhole(t *testing.T) {
	got := Wrap("the quick brown fox jumps over the lazy dog", 12)
	want := "the quick\\nbrown fox\\njumps over\\nthe lazy dog"
	if strings.ReplaceAll(got, "\n", "\\n") != want {
		t.Fatalf("got %q", got)
	}
}

func TestWrapKeepsClosingPunctuationOffTheLineStart(t *testing.T) {
	for _, l := range strings.Split(Wrap("用于查询一个或多个实例的详细信息。然后", 17), "\n") {
		if strings.HasPrefix(l, "。") {
			t.Fatalf("line starts with 。: %q", Wrap("用于查询一个或多个实例的详细信息。然后", 17))
		}
	}
}
