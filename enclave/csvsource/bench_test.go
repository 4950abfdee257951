package csvsource

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/research-enclave/enclave/internal/synth"
)

// synthPatients returns patients.csv for a synthetic population of 100,000.
func synthPatients(b *testing.B) []byte {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 100_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "patients.csv"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkRead reads 100,000 synthetic patient rows, plain and gzipped,
// reporting rows per second and allocations per row.
func BenchmarkRead(b *testing.B) {
	plain := synthPatients(b)
	inputs := []struct {
		name string
		data []byte
	}{{"plain", plain}, {"gzip", gzipped(b, string(plain))}}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			rows := 0
			for b.Loop() {
				rows += readRows(b, in.data)
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(testing.AllocsPerRun(1, func() { readRows(b, in.data) }))/float64(rows/b.N), "allocs/row")
		})
	}
}

func readRows(b *testing.B, data []byte) int {
	r, err := Open(bytes.NewReader(data), Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil || rec.Reject != nil {
			b.Fatalf("line %d: %v %v", rec.Line, err, rec.Reject)
		}
		n++
	}
}
