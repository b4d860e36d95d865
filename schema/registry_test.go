package schema

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// embedded opens the real embedded bundle once per test binary.
var embedded = sync.OnceValues(Embedded)

func reg(t testing.TB) *Registry {
	t.Helper()
	r, err := embedded()
	if err != nil {
		t.Fatalf("Embedded: %v", err)
	}
	return r
}

func TestEmbeddedCountsEqualTheGeneratorsReport(t *testing.T) {
	r := reg(t)
	got, rec := r.Stats(), r.Recorded()
	if got.Products != rec.Products || got.Versions != rec.Versions || got.Actions != rec.Actions ||
		got.Deprecated != rec.Deprecated || got.SharedNames != rec.SharedNames {
		t.Fatalf("index counts %+v differ from the generator's report %+v", got, rec)
	}
	// The pinned source (tccli 3.1.189.1) as counted when it was generated.
	if rec.Products != 262 || rec.Versions != 300 || rec.Actions != 16204 {
		t.Errorf("recorded %d products, %d versions, %d actions; want 262, 300, 16204", rec.Products, rec.Versions, rec.Actions)
	}
	if !strings.HasPrefix(r.Source(), "tccli 3.1.189.1") {
		t.Errorf("Source() = %q", r.Source())
	}
}

func TestProductsAreSortedAndComplete(t *testing.T) {
	ps := reg(t).Products()
	for i := 1; i < len(ps); i++ {
		if ps[i-1].Name >= ps[i].Name {
			t.Fatalf("products not sorted at %s, %s", ps[i-1].Name, ps[i].Name)
		}
	}
	for _, p := range ps {
		if p.Host != p.Name+".tencentcloudapi.com" || len(p.Versions) == 0 || p.Versions[0] != p.DefaultVersion {
			t.Errorf("%s: host %q versions %v default %q", p.Name, p.Host, p.Versions, p.DefaultVersion)
		}
	}
}

func TestDefaultVersionIsTccliDefaultNotNewest(t *testing.T) {
	r := reg(t)
	for product, want := range map[string]string{
		"tke": "2018-05-25", "antiddos": "2020-03-09", "es": "2018-04-16", "monitor": "2018-07-24", "vod": "2018-07-17",
		"cvm": "2017-03-12",
	} {
		p := r.Product(product)
		if p == nil || p.DefaultVersion != want {
			t.Errorf("%s default = %v, want %s", product, p, want)
		}
	}
	old, _ := r.Actions("tke", "")
	newer, err := r.Actions("tke", "2022-05-01")
	if err != nil || len(old) < 200 || len(newer) > 50 {
		t.Errorf("tke default has %d actions, 2022-05-01 has %d (%v)", len(old), len(newer), err)
	}
}

func TestFolderNameFindsService(t *testing.T) {
	r := reg(t)
	p := r.Product("autoscaling")
	if p == nil || p.Name != "as" || p.Folder != "autoscaling" || p.Host != "as.tencentcloudapi.com" {
		t.Fatalf("Product(autoscaling) = %+v", p)
	}
	if _, err := r.Action("as", "", "DescribeAutoScalingGroups"); err != nil {
		t.Fatal(err)
	}
}

func TestDescribeInstancesMatchesTheDocs(t *testing.T) {
	a, err := reg(t).Action("cvm", "2017-03-12", "DescribeInstances")
	if err != nil {
		t.Fatal(err)
	}
	if a.Product != "cvm" || a.Version != "2017-03-12" || a.Title != "查看实例列表" || a.Status != "online" {
		t.Errorf("action = %s %s %s %q %s", a.Product, a.Version, a.Name, a.Title, a.Status)
	}
	f := a.Input.Member("Filters")
	if f == nil || !f.List || f.Type != TypeObject || f.Object == nil || f.Object.Name != "Filter" || f.Required {
		t.Fatalf("Filters = %+v", f)
	}
	name, values := f.Object.Member("Name"), f.Object.Member("Values")
	if name == nil || name.Type != TypeString || name.List || !name.Required {
		t.Errorf("Filter.Name = %+v", name)
	}
	if values == nil || values.Type != TypeString || !values.List {
		t.Errorf("Filter.Values = %+v", values)
	}
	if l := a.Input.Member("Limit"); l == nil || l.Type != TypeInteger || l.List || l.Required || l.Format != "int64" {
		t.Errorf("Limit = %+v", l)
	}
	if len(a.Examples) == 0 || !strings.Contains(a.Examples[0].Input, `"Filters":[{"Values":["ap-guangzhou-3","ap-guangzhou-4"],"Name":"zone"}]`) ||
		!strings.Contains(a.Examples[0].Output, `"Response"`) {
		t.Errorf("examples = %+v", a.Examples)
	}
	if a.Output.Member("RequestId") == nil || a.Output.Member("InstanceSet").Object.Name != "Instance" {
		t.Error("output lacks RequestId or InstanceSet of Instance")
	}
}

func TestSkipSignActions(t *testing.T) {
	a, err := reg(t).Action("sts", "", "AssumeRoleWithWebIdentity")
	if err != nil || !a.SkipSign {
		t.Errorf("sts AssumeRoleWithWebIdentity SkipSign = %v (%v)", a != nil && a.SkipSign, err)
	}
	if a, _ := reg(t).Action("cvm", "", "DescribeInstances"); a.SkipSign {
		t.Error("DescribeInstances is signed")
	}
}

func TestActionLookup(t *testing.T) {
	r := reg(t)
	a, err := r.Action("CVM", "", "describeinstances")
	if err != nil || a.Name != "DescribeInstances" {
		t.Fatalf("case-insensitive lookup = %v, %v", a, err)
	}
	for _, c := range []struct {
		product, version, action string
		want                     error
	}{
		{"nope", "", "X", ErrUnknownProduct},
		{"cvm", "1999-01-01", "DescribeInstances", ErrUnknownVersion},
		{"cvm", "", "DescribeNothing", ErrUnknownAction},
	} {
		if _, err := r.Action(c.product, c.version, c.action); !errors.Is(err, c.want) {
			t.Errorf("Action(%s, %s, %s) = %v, want %v", c.product, c.version, c.action, err, c.want)
		}
	}
}

func TestActionsByNameSpansProducts(t *testing.T) {
	refs := reg(t).ActionsByName("describeinstances", "")
	seen := map[string]bool{}
	for _, a := range refs {
		seen[a.Product] = true
		if a.Name != "DescribeInstances" {
			t.Errorf("ref %+v", a)
		}
	}
	if !seen["cvm"] || !seen["redis"] || len(refs) < 10 {
		t.Errorf("DescribeInstances in %d products: %v", len(refs), refs)
	}
	if got := reg(t).ActionsByName("DescribeClusters", "2022-05-01"); len(got) != 1 || got[0].Product != "tke" {
		t.Errorf("DescribeClusters in 2022-05-01 = %v", got)
	}
}

func TestRecursiveTypeLoadsAndEveryHelperStops(t *testing.T) {
	a, err := reg(t).Action("billing", "2018-07-09", "ModifyAllocationRule")
	if err != nil {
		t.Fatal(err)
	}
	rd := a.Input.Member("RuleDetail")
	if rd == nil || rd.Object.Member("Children").Object != rd.Object {
		t.Fatalf("RuleDetail is not self-referencing: %+v", rd)
	}
	sk := Skeleton(a.Input)["RuleDetail"].(map[string]any)
	if c, _ := sk["Children"].([]any); len(c) != 1 || !strings.HasPrefix(c[0].(string), "<recursive") {
		t.Errorf("skeleton Children = %v", sk["Children"])
	}
	_ = Synthesize(a.Input, 1)
	_ = SearchMembers(a.Input, "children", 0)
	deep := map[string]any{}
	cur := deep
	for range 100 {
		next := map[string]any{}
		cur["Children"] = []any{next}
		cur = next
	}
	errs := Validate(a.Input, map[string]any{"RuleId": 1.0, "Name": "n", "Type": 1.0, "RuleDetail": deep})
	if len(errs) == 0 || errs[len(errs)-1].Message != errs[len(errs)-1].Path+": nested too deeply" {
		t.Errorf("deep document: %v", errs)
	}
}

func TestEveryVersionDecodes(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes all 300 versions")
	}
	r, err := Embedded() // a private registry: decoding everything must not leak into other tests' timing
	if err != nil {
		t.Fatal(err)
	}
	actions := 0
	for _, p := range r.Products() {
		for _, v := range p.Versions {
			refs, _ := r.Actions(p.Name, v)
			for _, ref := range refs {
				a, err := r.Action(p.Name, v, ref.Name)
				if err != nil || a.Name != ref.Name || a.Title != ref.Title || a.Deprecated() != ref.Deprecated {
					t.Fatalf("%s %s %s: %v", p.Name, v, ref.Name, err)
				}
				actions++
			}
		}
	}
	if actions != r.Recorded().Actions {
		t.Errorf("decoded %d actions, recorded %d", actions, r.Recorded().Actions)
	}
}

func TestCorruptBundleIsAnErrorNotAPanic(t *testing.T) {
	idx := embeddedIndex()
	for _, cut := range []int{0, 5, 20, 1000, len(idx) / 2, len(idx) - 1} {
		if _, err := loadBundle(idx[:cut], ""); err == nil {
			t.Errorf("index cut at %d: no error", cut)
		}
	}
	if _, err := decodeVersion("not deflate", "x", "y"); err == nil {
		t.Error("garbage version: no error")
	}
}

func TestConcurrentUse(t *testing.T) {
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"demo/v20200101/api.json": strings.Replace(demoAPI, "%s", "2020-01-01", 1)})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 4 {
			case 0:
				if _, err := r.Action("csip", "", "DescribeCVMAssets"); err != nil {
					t.Error(err)
				}
			case 1:
				r.Search("instances", 10)
			case 2:
				r.ActionsByName("DescribeInstances", "")
				r.Stats()
			case 3:
				r.LoadExtra(dir)
			}
		}()
	}
	wg.Wait()
}
