package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunRefuses(t *testing.T) {
	t.Parallel()
	mix := func(int, *Answer) Request { return Request{Kind: "x", Method: "GET", Path: "/"} }
	tests := []struct {
		name string
		c    Config
		want string
	}{
		{"another host", Config{BaseURL: "http://10.0.0.5:8080", Clients: 1, Requests: 1, Mix: mix}, "10.0.0.5 is not a loopback address"},
		{"a name", Config{BaseURL: "https://enclave.nhs.example", Clients: 1, Requests: 1, Mix: mix}, "enclave.nhs.example is not a loopback address"},
		{"not a URL", Config{BaseURL: "127.0.0.1:8080", Clients: 1, Requests: 1, Mix: mix}, "not an http(s) URL"},
		{"unbounded", Config{BaseURL: "http://127.0.0.1:1", Clients: 1, Mix: mix}, "an unbounded run is refused"},
		{"no clients", Config{BaseURL: "http://127.0.0.1:1", Requests: 1, Mix: mix}, "clients must be 1 to 1024, not 0"},
		{"too many clients", Config{BaseURL: "http://127.0.0.1:1", Clients: 5000, Requests: 1, Mix: mix}, "clients must be 1 to 1024"},
		{"no mix", Config{BaseURL: "http://127.0.0.1:1", Clients: 1, Requests: 1}, "no mix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Run(context.Background(), tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run: %v, want an error with %q", err, tt.want)
			}
		})
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080", "http://127.1.2.3"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("checkLoopback(%s): %v", ok, err)
		}
	}
}

// server answers every request after a short pause, counting them, and
// serves the two memory gauges at /metrics.
func server(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			fmt.Fprintln(w, "# HELP go_memstats_heap_inuse_bytes x\ngo_memstats_heap_inuse_bytes 2.097152e+06\nprocess_resident_memory_bytes 1.048576e+07")
			return
		}
		n.Add(1)
		time.Sleep(time.Millisecond)
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, `{"n":%d}`, n.Load())
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRunStopsAfterRequests(t *testing.T) {
	t.Parallel()
	srv, n := server(t)
	var sawPrev atomic.Bool
	rep, err := Run(context.Background(), Config{BaseURL: srv.URL, Clients: 8, Requests: 100, MemoryEvery: time.Millisecond,
		Mix: func(client int, prev *Answer) Request {
			if prev != nil && prev.Status == 200 && bytes.HasPrefix(prev.Body, []byte(`{"n":`)) {
				sawPrev.Store(true)
			}
			if client%2 == 0 {
				return Request{Kind: "even", Method: "GET", Path: "/a", Token: "tok"}
			}
			return Request{Kind: "odd", Method: "POST", Path: "/b", Body: `{}`}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 100 {
		t.Errorf("the server got %d requests, want 100", n.Load())
	}
	even, odd := rep.Kind("even"), rep.Kind("odd")
	if even.Answered+odd.Answered != 100 || even.Statuses[200] != even.Answered || odd.Statuses[401] != odd.Answered {
		t.Errorf("even %+v, odd %+v", even, odd)
	}
	if !sawPrev.Load() {
		t.Error("the mix was never given the previous answer")
	}
	if p50, p99 := even.Percentile(50), even.Percentile(99); p50 < time.Millisecond || p99 < p50 {
		t.Errorf("p50 %s, p99 %s", p50, p99)
	}
	if rep.Memory.Samples == 0 || rep.Memory.MaxHeap != 2<<20 || rep.Memory.MaxRSS != 10<<20 {
		t.Errorf("memory %+v", rep.Memory)
	}
	var out strings.Builder
	if err := rep.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"even", "odd", "all", "401×", "max heap in use 2.0 MiB, max RSS 10.0 MiB"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunStopsAfterDuration(t *testing.T) {
	t.Parallel()
	srv, n := server(t)
	rep, err := Run(context.Background(), Config{BaseURL: srv.URL, Clients: 4, Duration: 50 * time.Millisecond,
		Mix: func(int, *Answer) Request { return Request{Kind: "x", Method: "GET", Path: "/", Token: "tok"} }})
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Kind("x").Answered
	if got == 0 || int64(got) > n.Load() {
		t.Errorf("%d answers reported, %d requests served", got, n.Load())
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	k := &Kind{}
	if k.Percentile(50) != 0 {
		t.Error("a kind without answers has a percentile")
	}
	for i := 1; i <= 100; i++ {
		k.latencies = append(k.latencies, time.Duration(101-i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 95: 95 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := k.Percentile(p); got != want {
			t.Errorf("p%v = %s, want %s", p, got, want)
		}
	}
}
