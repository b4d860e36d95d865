package schema

import "testing"

func TestDocText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "查询实例", "查询实例"},
		{"html list and bold", "<ul><li><strong>zone</strong></li><li>b&amp;c</li></ul>", "• zone\n• b&c"},
		{"html link to footnote", `see <a href="https://x.example/doc">docs</a> now`, "see docs[1] now\n\n[1] https://x.example/doc"},
		{"markdown link and relative url", "see [简介](/document/api/213/15688)", "see 简介[1]\n\n[1] https://cloud.tencent.com/document/api/213/15688"},
		{"same link twice", "[a](http://u) [b](http://u)", "a[1] b[1]\n\n[1] http://u"},
		{"markdown bold", "**注意**：值", "注意：值"},
		{"table", "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>", "k | v\na | 1"},
		{"unknown tags kept", "X-TC-Action: RunInstances\n<公共请求参数>\n<InstanceId>", "X-TC-Action: RunInstances\n<公共请求参数>\n<InstanceId>"},
		{"odd characters", "a\u200b\u00a0b\r\n\tc\x01", "a b\n c"},
		{"paragraphs", "<p>one</p><p>two</p>\n\n\n\nthree", "one\ntwo\n\nthree"},
		{"unclosed tag", "a <b", "a <b"},
		{"block quote markers dropped outside code", "> note\n> * item\n```\n> kept\n```", "note\n* item\n```\n> kept\n```"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DocText(c.in); got != c.want {
				t.Errorf("DocText(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}
