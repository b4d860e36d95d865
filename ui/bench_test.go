package ui

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/finder"
	"github.com/tcx-dev/tcx/ui/jsonview"
	"github.com/tcx-dev/tcx/ui/theme"
)

// BenchmarkFirstFrame measures start-up to the first frame: loading the
// embedded schema index, building every pane and rendering at 160×48.
func BenchmarkFirstFrame(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		reg, err := schema.Embedded()
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Registry: reg, Profiles: testProfiles("http://127.0.0.1:1"), Profile: "sandbox", Now: func() time.Time { return fixedNow }})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		_ = m.View()
		m.close()
	}
}

// BenchmarkFinderKeystroke measures one key typed into the finder: a search
// over every product and action, plus the re-render.
func BenchmarkFinderKeystroke(b *testing.B) {
	reg := registry(b)
	s := theme.NewStyles(theme.New(true, false))
	f := finder.New(s, reg)
	f.SetSize(160, 45)
	f.SetQuery("describeinstanc")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// alternate adding and deleting a letter so every step searches
		if i%2 == 0 {
			f, _ = f.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})
		} else {
			f, _ = f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
		_ = f.View()
	}
}

// bigBody builds a DescribeInstances-shaped response of about n bytes.
func bigBody(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"Response":{"TotalCount":0,"InstanceSet":[`)
	for i := 0; buf.Len() < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"InstanceId":"ins-%08x","InstanceName":"web-%d","Placement":{"Zone":"ap-guangzhou-3","ProjectId":0},"CPU":2,"Memory":4,"InstanceState":"RUNNING","PrivateIpAddresses":["10.0.%d.%d"],"Tags":[{"Key":"team","Value":"api"}],"CreatedTime":"2026-11-29T03:00:00Z","Uuid":"%032x"}`, i, i, i/256%256, i%256, i)
	}
	buf.WriteString(`],"RequestId":"req-bench"}}`)
	return buf.Bytes()
}

const size20MB = 20 << 20

func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// BenchmarkOpen20MB measures the first screen of a 20 MB body: SetBody,
// size and the first View (the lazy index covers only what is visible).
func BenchmarkOpen20MB(b *testing.B) {
	body := bigBody(size20MB)
	s := theme.NewStyles(theme.New(true, false))
	before := heapMB()
	var keep jsonview.Model
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v := jsonview.New(s)
		v.SetBody(body)
		v.SetSize(160, 45)
		_ = v.View()
		keep = v
	}
	b.StopTimer()
	b.ReportMetric(heapMB()-before, "MB-heap-after-open")
	runtime.KeepAlive(keep)
	runtime.KeepAlive(body)
}

// BenchmarkScroll20MB measures one scroll step (a line, then a page) deep in
// a 20 MB body, render included.
func BenchmarkScroll20MB(b *testing.B) {
	body := bigBody(size20MB)
	s := theme.NewStyles(theme.New(true, false))
	for _, step := range []int{1, 45} {
		b.Run(fmt.Sprintf("step%d", step), func(b *testing.B) {
			v := jsonview.New(s)
			v.SetBody(body)
			v.SetSize(160, 45)
			_ = v.View()
			b.ReportAllocs()
			for b.Loop() {
				v.ScrollBy(step)
				_ = v.View()
			}
		})
	}
}

// BenchmarkBottom20MB jumps to the end (indexing every line), the worst case.
func BenchmarkBottom20MB(b *testing.B) {
	body := bigBody(size20MB)
	s := theme.NewStyles(theme.New(true, false))
	before := heapMB()
	var keep jsonview.Model
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v := jsonview.New(s)
		v.SetBody(body)
		v.SetSize(160, 45)
		v.Bottom()
		_ = v.View()
		keep = v
	}
	b.StopTimer()
	b.ReportMetric(heapMB()-before, "MB-heap-indexed")
	runtime.KeepAlive(keep)
	runtime.KeepAlive(body)
}

// BenchmarkJQPretty20MB runs `jq .` over the same body for comparison
// (skipped when jq is not installed).
func BenchmarkJQPretty20MB(b *testing.B) {
	jq, err := exec.LookPath("jq")
	if err != nil {
		b.Skip("jq not installed: apt-get install -y jq")
	}
	path := filepath.Join(b.TempDir(), "body.json")
	if err := os.WriteFile(path, bigBody(size20MB), 0o600); err != nil {
		b.Fatal(err)
	}
	var maxRSS int64
	for b.Loop() {
		cmd := exec.Command(jq, ".", path)
		cmd.Stdout = nil // discarded
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > maxRSS {
			maxRSS = ru.Maxrss
		}
	}
	b.ReportMetric(float64(maxRSS)/1024, "MB-maxrss")
}

// BenchmarkFinderUpdate is the keystroke without the render: the search
// over every product and action and the list rebuild.
func BenchmarkFinderUpdate(b *testing.B) {
	reg := registry(b)
	s := theme.NewStyles(theme.New(true, false))
	f := finder.New(s, reg)
	f.SetSize(160, 45)
	f.SetQuery("describeinstanc")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			f, _ = f.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})
		} else {
			f, _ = f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
	}
}
