package loadgen

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"
	"text/tabwriter"
	"time"
)

// Report is what a run measured.
type Report struct {
	Elapsed time.Duration
	Memory  Memory

	mu    sync.Mutex
	kinds map[string]*Kind
}

// Kind is what the requests of one kind got.
type Kind struct {
	Name      string
	Answered  int         // requests that got an HTTP answer, whatever its status
	Failed    int         // requests that got none (connection refused, timeout)
	Statuses  map[int]int // answers by status
	latencies []time.Duration
}

func newReport() *Report { return &Report{kinds: map[string]*Kind{}} }

func (r *Report) add(a Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[a.Kind]
	if k == nil {
		k = &Kind{Name: a.Kind, Statuses: map[int]int{}}
		r.kinds[a.Kind] = k
	}
	if a.Status == 0 {
		k.Failed++
		return
	}
	k.Answered++
	k.Statuses[a.Status]++
	k.latencies = append(k.latencies, a.Latency)
}

// Kinds returns every kind's results, by name.
func (r *Report) Kinds() []*Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Kind, 0, len(r.kinds))
	for _, name := range slices.Sorted(maps.Keys(r.kinds)) {
		out = append(out, r.kinds[name])
	}
	return out
}

// Kind returns the results of the kind name, or a zero Kind.
func (r *Report) Kind(name string) *Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k := r.kinds[name]; k != nil {
		return k
	}
	return &Kind{Name: name, Statuses: map[int]int{}}
}

// Percentile is the latency below which p percent (0 < p ≤ 100) of the
// answers came, by the nearest-rank method; 0 without answers.
func (k *Kind) Percentile(p float64) time.Duration {
	if len(k.latencies) == 0 {
		return 0
	}
	s := slices.Clone(k.latencies)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// Throughput is answers per second over elapsed.
func (k *Kind) Throughput(elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(k.Answered) / elapsed.Seconds()
}

// WriteTable prints one line per kind and a line for all of them, then
// the memory sampled.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "kind\tanswered\tno answer\tp50\tp95\tp99\treq/s\tstatuses\t\n")
	all := &Kind{Name: "all", Statuses: map[int]int{}}
	for _, k := range r.Kinds() {
		writeKind(tw, k, r.Elapsed)
		all.Answered += k.Answered
		all.Failed += k.Failed
		all.latencies = append(all.latencies, k.latencies...)
		for s, n := range k.Statuses {
			all.Statuses[s] += n
		}
	}
	writeKind(tw, all, r.Elapsed)
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "elapsed %s; server memory: %s\n", r.Elapsed.Round(time.Millisecond), r.Memory)
	return err
}

func writeKind(w io.Writer, k *Kind, elapsed time.Duration) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
	statuses := ""
	for _, s := range slices.Sorted(maps.Keys(k.Statuses)) {
		statuses += fmt.Sprintf(" %d×%d", s, k.Statuses[s])
	}
	fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\t%s\t%.1f\t%s\t\n", k.Name, k.Answered, k.Failed,
		ms(k.Percentile(50)), ms(k.Percentile(95)), ms(k.Percentile(99)), k.Throughput(elapsed), statuses)
}
