package synth

import (
	"context"
	"testing"
	"time"
)

// BenchmarkGenerate10k reports rows written per second (all files) for a
// population of 10,000.
func BenchmarkGenerate10k(b *testing.B) {
	dir := b.TempDir()
	rows := 0
	start := time.Now()
	for b.Loop() {
		sum, err := Generate(context.Background(), dir, Options{People: 10_000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range sum.Rows {
			rows += n
		}
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
