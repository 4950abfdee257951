package loadgen

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Memory is the most the server held while the run went, from the gauges
// of its /metrics (Go's and the process collector's).
type Memory struct {
	Samples    int
	MaxHeap    float64 // go_memstats_heap_inuse_bytes
	MaxRSS     float64 // process_resident_memory_bytes
	LastSample string  // why the last sample failed, if it did
}

func (m Memory) String() string {
	if m.Samples == 0 {
		return "not sampled (" + m.LastSample + ")"
	}
	return fmt.Sprintf("max heap in use %.1f MiB, max RSS %.1f MiB (%d samples)", m.MaxHeap/(1<<20), m.MaxRSS/(1<<20), m.Samples)
}

// sampleMemory reads url's gauges every d until ctx ends.
func sampleMemory(ctx context.Context, c *http.Client, url string, d time.Duration) Memory {
	var m Memory
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		heap, rss, err := gauges(ctx, c, url)
		if err == nil {
			m.Samples++
			m.MaxHeap, m.MaxRSS = max(m.MaxHeap, heap), max(m.MaxRSS, rss)
		} else if ctx.Err() == nil {
			m.LastSample = err.Error()
		}
		select {
		case <-ctx.Done():
			return m
		case <-t.C:
		}
	}
}

// gauges reads the heap in use and the resident set size from a
// Prometheus text exposition.
func gauges(ctx context.Context, c *http.Client, url string) (heap, rss float64, err error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	found := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		var dst *float64
		switch {
		case !ok:
			continue
		case name == "go_memstats_heap_inuse_bytes":
			dst = &heap
		case name == "process_resident_memory_bytes":
			dst = &rss
		default:
			continue
		}
		if *dst, err = strconv.ParseFloat(value, 64); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", name, err)
		}
		found++
	}
	if found < 2 {
		return 0, 0, fmt.Errorf("GET %s: no go_memstats_heap_inuse_bytes or process_resident_memory_bytes", url)
	}
	return heap, rss, sc.Err()
}
