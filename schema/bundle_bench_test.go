package schema

import "testing"

func BenchmarkIndexLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDecode(b *testing.B, product, version string) {
	r, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	ve, err := r.version(product, version)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(ve.blob)))
	for b.Loop() {
		if _, err := decodeVersion(ve.blob, product, version); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCsip(b *testing.B)   { benchDecode(b, "csip", "") }
func BenchmarkDecodeWedata(b *testing.B) { benchDecode(b, "wedata", "2021-08-20") }
func BenchmarkDecodeCvm(b *testing.B)    { benchDecode(b, "cvm", "") }
