package schema

import (
	"testing"

	"github.com/tcx-dev/tcx/assets"
)

// BenchmarkIndexLoad: Embedded() reads only the index (goal < 10 ms).
func BenchmarkIndexLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDecode decodes one product version from the embedded bundle (goal
// < 20 ms for the largest).
func benchDecode(b *testing.B, product, version string) {
	r := reg(b)
	ve, err := r.version(product, version)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(ve.blob)), "compressed-bytes")
	for b.Loop() {
		if _, err := decodeVersion(ve.blob, product, version); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCsip(b *testing.B)   { benchDecode(b, "csip", "2022-11-21") } // the largest
func BenchmarkDecodeWedata(b *testing.B) { benchDecode(b, "wedata", "2021-08-20") }
func BenchmarkDecodeCvm(b *testing.B)    { benchDecode(b, "cvm", "2017-03-12") }

// BenchmarkSearch runs typical queries over all ~16,000 actions (goal < 2 ms
// per query).
func BenchmarkSearch(b *testing.B) {
	r := reg(b)
	r.Search("warm", 1) // builds the search data once
	for _, q := range []string{"describeinstances", "describe instances", "inst", "dscrinst", "云服务器", "cvm run"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				r.Search(q, 20)
			}
		})
	}
}

// BenchmarkSearchFirst includes building the search data (the first query).
func BenchmarkSearchFirst(b *testing.B) {
	idx, data := assets.SchemaIndex(), assets.SchemaData()
	for b.Loop() {
		b.StopTimer()
		r, _ := loadBundle(idx, data)
		b.StartTimer()
		r.Search("describeinstances", 20)
	}
}

func BenchmarkValidate(b *testing.B) {
	in := describeInstances(b).Input
	params := map[string]any{"Limit": 1.0, "Filters": []any{map[string]any{"Name": "zone", "Values": []any{"ap-guangzhou-3"}}}}
	for b.Loop() {
		Validate(in, params)
	}
}

func BenchmarkSynthesize(b *testing.B) {
	out := describeInstances(b).Output
	for b.Loop() {
		Synthesize(out, 1)
	}
}
