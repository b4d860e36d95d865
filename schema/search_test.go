package schema

import (
	"testing"
)

func TestSearchRanking(t *testing.T) {
	r := reg(t)
	cases := []struct {
		query         string
		first         string // "product" or "product Action"
		wantInTopFive string
	}{
		{"cvm", "cvm", ""},
		{"DescribeInstances", "cvm DescribeInstances", "redis DescribeInstances"},
		{"describe instances", "cvm DescribeInstances", ""},
		{"runinst", "cvm RunInstances", ""},
		{"云服务器", "cvm", ""},
		{"cvm instances", "", "cvm RunInstances"},
		{"as", "as", ""},
		{"dscrinst", "", "cvm DescribeInstances"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			hits := r.Search(c.query, 5)
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			label := func(h Hit) string {
				if h.Kind == HitProduct {
					return h.Product
				}
				return h.Product + " " + h.Action
			}
			if c.first != "" && label(hits[0]) != c.first {
				t.Errorf("first hit = %s, want %s (hits %v)", label(hits[0]), c.first, hits)
			}
			if c.wantInTopFive != "" {
				found := false
				for _, h := range hits {
					found = found || label(h) == c.wantInTopFive
				}
				if !found {
					t.Errorf("%s not in top five: %v", c.wantInTopFive, hits)
				}
			}
		})
	}
}

func TestSearchDeprecatedLast(t *testing.T) {
	hits := reg(t).Search("describe", 0)
	seenDeprecated := false
	for _, h := range hits {
		if h.Deprecated {
			seenDeprecated = true
		} else if seenDeprecated {
			t.Fatalf("%s %s ranks after a deprecated action", h.Product, h.Action)
		}
	}
	if !seenDeprecated {
		t.Error("expected some deprecated Describe actions")
	}
}

func TestSearchMatchedPositions(t *testing.T) {
	h := reg(t).Search("云服务器", 1)[0]
	if h.Field != "title" || len(h.Matched) != 4 || h.Matched[0] != 0 || h.Matched[3] != 3 {
		t.Errorf("hit %+v", h)
	}
	h = reg(t).Search("instances", 1)[0]
	if h.Field != "name" || len(h.Matched) != 9 {
		t.Errorf("hit %+v", h)
	}
	h = reg(t).Search("cvm run", 1)[0]
	if h.Action != "RunInstances" || h.Field != "name" || len(h.Matched) != 3 || h.Matched[0] != 0 {
		t.Errorf("cvm run: %+v", h)
	}
	if hits := reg(t).Search("   ", 5); hits != nil {
		t.Errorf("blank query: %v", hits)
	}
	if hits := reg(t).Search("zzzzqqqqxxxx", 5); len(hits) != 0 {
		t.Errorf("nonsense query: %v", hits)
	}
}

func TestSearchMembers(t *testing.T) {
	in := describeInstances(t).Input
	hits := SearchMembers(in, "values", 5)
	if len(hits) == 0 || hits[0].Member != "Filters.Values" || hits[0].Kind != HitMember {
		t.Fatalf("hits = %+v", hits)
	}
	if hits := SearchMembers(in, "lim", 5); len(hits) == 0 || hits[0].Member != "Limit" {
		t.Errorf("lim: %+v", hits)
	}
}
