package regionbench

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// report is one run's figures.
type report struct {
	people, optedOut int
	date             time.Time
	generated        time.Duration
	loads            []loaded
	sizes            [][2]string
	held             held
	asked            []asked
	auditEvents      int64
}

// held is what holding the datasets in the server's memory took.
type held struct {
	rows int64
	took time.Duration
	heap int64 // bytes of Go heap
}

// asked is one question's timings: per answer through the API, from memory
// (api) and as SQL (sql), and per run of the hand-written SQL.
type asked struct {
	question
	rows          int64
	raw, api, sql time.Duration
	failed        string
	held          bool // the API held the answer for officers' review
}

// rowsOf is the rows stored in the named datasets.
func (r *report) rowsOf(names []string) int64 {
	var n int64
	for _, l := range r.loads {
		for _, name := range names {
			if l.name == name {
				n += l.rows
			}
		}
	}
	return n
}

// markdown is the report as docs/benchmarks.md shows it.
func (r *report) markdown() string {
	var w strings.Builder
	fmt.Fprintf(&w, "%s people (%s opted out of the national data opt-out), generated in %s; %s UTC.\n\n",
		thousands(int64(r.people)), thousands(int64(r.optedOut)), r.generated.Round(time.Second), r.date.Format("2006-01-02 15:04"))
	w.WriteString("| load | rows | time | rows/s | peak RSS of the loading process |\n| --- | --- | --- | --- | --- |\n")
	for _, l := range r.loads {
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %.0f MB |\n", l.name, thousands(l.rows), l.took.Round(100*time.Millisecond),
			thousands(int64(float64(l.rows)/l.took.Seconds())), float64(l.peakRSS)/1e6)
	}
	var rows int64
	var took time.Duration
	for _, l := range r.loads {
		rows, took = rows+l.rows, took+l.took
	}
	fmt.Fprintf(&w, "| all | %s | %s | %s | |\n", thousands(rows), took.Round(time.Second), thousands(int64(float64(rows)/took.Seconds())))
	w.WriteString("\n| on disk | size |\n| --- | --- |\n")
	for _, s := range r.sizes {
		fmt.Fprintf(&w, "| %s | %s |\n", s[0], s[1])
	}
	fmt.Fprintf(&w, "\nHeld in memory: %s rows, read in %s, %.0f MB of heap.\n", thousands(r.held.rows), r.held.took.Round(100*time.Millisecond), float64(r.held.heap)/1e6)
	w.WriteString("\n| question | rows read | hand-written SQL | through the API, from memory | ratio | through the API, as SQL | ratio |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, a := range r.asked {
		if a.failed != "" {
			fmt.Fprintf(&w, "| %s | %s | %s | failed: %.200s | | | |\n", a.name, thousands(a.rows), ms(a.raw), a.failed)
			continue
		}
		held := ""
		if a.held {
			held = " (held for review)"
		}
		fmt.Fprintf(&w, "| %s | %s | %s | %s%s | %.2f× | %s | %.2f× |\n", a.name, thousands(a.rows), ms(a.raw), ms(a.api), held,
			float64(a.api)/float64(a.raw), ms(a.sql), float64(a.sql)/float64(a.raw))
	}
	fmt.Fprintf(&w, "\nAudit log verified: %s events.\n", thousands(r.auditEvents))
	return w.String()
}

func ms(d time.Duration) string {
	if d >= 10*time.Millisecond {
		return thousands(d.Milliseconds()) + " ms"
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestThousands(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {5_500_000, "5,500,000"}, {-12345, "-12,345"}} {
		if got := thousands(tt.in); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
