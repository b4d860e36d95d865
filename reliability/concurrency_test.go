package reliability

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/credentials"
	"github.com/tcx-dev/tcx/sandbox"
)

// TestBreakerAndCredentialCacheUnderLoad drives one client from many
// goroutines through everything that is shared at once: a region breaker
// whose primary always answers HTTP 502 (so it opens, half-opens, fails its
// probe and opens again, over and over), a backup that answers, and
// temporary credentials from the sandbox's STS that live one second, so the
// credentials.Cache refreshes while requests are signing with it. Snapshot
// readers and a subscriber run alongside. Run under -race this is the
// concurrency proof for the breaker and the cache; without -race it still
// checks every outcome is one of the two expected ones and that the whole
// thing finishes (a deadlock hits the deadline and fails).
func TestBreakerAndCredentialCacheUnderLoad(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := sandbox.New(sandbox.Options{Registry: registry(t), Seed: 11})
	t.Cleanup(func() { _ = s.Close() })
	primary, err := s.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFaults([]sandbox.Fault{{Kind: sandbox.FaultHTML, Status: 502, Addr: strings.TrimPrefix(primary, "http://")}}); err != nil {
		t.Fatal(err)
	}

	cache := &credentials.Cache{Provider: &credentials.AssumeRole{
		Base:     api.StaticProvider{Credential: api.Credential{SecretID: sandbox.DefaultSecretID, SecretKey: sandbox.DefaultSecretKey}},
		RoleArn:  "qcs::cam::uin/100000000001:roleName/load",
		Duration: time.Second,
		STS:      credentials.ClientSTS{Endpoint: backup},
	}}
	client, err := api.NewClient(cache, "ap-guangzhou", api.ClientProfile{
		HTTP:    api.HTTPProfile{Endpoint: primary, Timeout: 10 * time.Second},
		Breaker: &api.BreakerProfile{BackupEndpoint: backup, Timeout: 50 * time.Millisecond, MaxRequests: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	br := client.Breaker()
	updates, unsubscribe := br.Subscribe()
	defer unsubscribe()

	var (
		okPrimary, okBackup, bad502 atomic.Int64
		unexpected                  sync.Map
		wg                          sync.WaitGroup
	)
	backupHost := strings.TrimPrefix(backup, "http://")
	// Work until the cache has refreshed a few times and the breaker has
	// opened at least twice: progress conditions, not durations.
	done := func() bool {
		opens := 0
		for _, tr := range br.Snapshot().Transitions {
			if tr.To == api.BreakerOpen {
				opens++
			}
		}
		return cache.Status().Fetches >= 3 && opens >= 2 && okBackup.Load() > 0 && bad502.Load() > 0
	}
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && !done() {
				resp, err := client.Call(ctx, &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeZones"})
				switch e, _ := api.AsError(err); {
				case err == nil && resp.Host == backupHost:
					okBackup.Add(1)
				case err == nil:
					okPrimary.Add(1)
				case e != nil && e.Code == api.CodeHTTPStatus && e.Status == 502:
					bad502.Add(1)
				case ctx.Err() != nil:
				default:
					unexpected.Store(err.Error(), true)
				}
			}
		}()
	}
	for g := 0; g < 4; g++ { // readers of the breaker's state
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && !done() {
				sn := br.Snapshot()
				if sn.Failures > sn.Total || len(sn.Transitions) > 32 {
					unexpected.Store("inconsistent snapshot", true)
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // a subscriber, as the explorer's breaker panel is
		defer wg.Done()
		for ctx.Err() == nil && !done() {
			select {
			case <-updates:
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("no progress before the deadline: %d backup successes, %d primary 502s, cache %+v, breaker %+v",
			okBackup.Load(), bad502.Load(), cache.Status(), br.Snapshot())
	}
	unexpected.Range(func(k, _ any) bool {
		t.Errorf("unexpected outcome: %v", k)
		return true
	})
	if okPrimary.Load() != 0 {
		t.Errorf("%d successes from a primary that only answers 502", okPrimary.Load())
	}
}
