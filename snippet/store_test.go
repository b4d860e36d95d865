package snippet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"}, "/data/tcx/snippets"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/tcx/snippets"},
		{map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/home/u"}, "/home/u/.local/share/tcx/snippets"},
	}
	for _, tt := range tests {
		got, err := DefaultDir(env(tt.env))
		if err != nil || got != tt.want {
			t.Errorf("DefaultDir(%v) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}

func TestStoreSaveListLoadDelete(t *testing.T) {
	st := Store{Dir: filepath.Join(t.TempDir(), "nested", "snippets")}
	if es, err := st.List(); err != nil || len(es) != 0 {
		t.Fatalf("empty store: %v %v", es, err)
	}
	s := &Snippet{Name: "list-vpcs", Product: "vpc", APIVersion: "2017-03-12", Action: "DescribeVpcs", Region: "ap-guangzhou"}
	p, err := st.Save(s)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if err := os.WriteFile(filepath.Join(st.Dir, "broken.yaml"), []byte("version: 1\ntoken: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	es, err := st.List()
	if err != nil || len(es) != 2 {
		t.Fatalf("List = %v, %v", es, err)
	}
	if es[0].Name != "broken" || es[0].Err == nil || es[1].Name != "list-vpcs" || es[1].Snippet.Action != "DescribeVpcs" {
		t.Fatalf("List = %+v", es)
	}
	got, err := st.Load("list-vpcs")
	if err != nil || got.Region != "ap-guangzhou" || got.Version != FormatVersion {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	if _, from, err := st.Resolve("list-vpcs"); err != nil || from != p {
		t.Fatalf("Resolve by name = %q, %v", from, err)
	}
	if _, from, err := st.Resolve(p); err != nil || from != p {
		t.Fatalf("Resolve by path = %q, %v", from, err)
	}
	if err := st.Delete("list-vpcs"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load("list-vpcs"); err == nil || !strings.Contains(err.Error(), "tcx snippets") {
		t.Fatalf("Load after Delete = %v", err)
	}
}

func TestStoreRefusesPathsAsNames(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	for _, name := range []string{"", "../x", "a/b", ".hidden", "a..b"} {
		if _, err := st.Save(&Snippet{Name: name, Product: "p", APIVersion: "v", Action: "a"}); err == nil {
			t.Errorf("Save(%q) succeeded", name)
		}
	}
}

func TestSuggestNameAvoidsTakenNames(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	if got := st.SuggestName("cvm", "DescribeInstances"); got != "cvm-DescribeInstances" {
		t.Fatalf("first = %q", got)
	}
	if _, err := st.Save(&Snippet{Name: "cvm-DescribeInstances", Product: "cvm", APIVersion: "2017-03-12", Action: "DescribeInstances"}); err != nil {
		t.Fatal(err)
	}
	if got := st.SuggestName("cvm", "DescribeInstances"); got != "cvm-DescribeInstances-2" {
		t.Fatalf("second = %q", got)
	}
	if got := st.SuggestName("../x", "a/b"); ValidName(got) != nil {
		t.Fatalf("unsafe input gave %q", got)
	}
}
