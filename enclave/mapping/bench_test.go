package mapping_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
	"github.com/research-enclave/enclave/internal/synth"
)

// BenchmarkTransform transforms the rows of synthetic files (100,000
// people) with their synth mappings: Transform alone over records already
// read, and reading (csvsource) with Transform, as ingest does. It reports
// rows per second and allocations per row.
func BenchmarkTransform(b *testing.B) {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 100_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"patients", "gp_events", "ae_attendances"} {
		m, err := mapping.LoadFile(filepath.Join(dir, name+".mapping.yaml"), cat)
		if err != nil {
			b.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			b.Fatal(err)
		}
		header, records := readRecords(b, data)
		b.Run(name+"/transform", func(b *testing.B) {
			tr, err := m.Bind(header, time.Now())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, rec := range records {
					if _, rej := tr.Transform(rec); rej != nil {
						b.Fatal(rej)
					}
				}
			}
			report(b, len(records), func() {
				for _, rec := range records {
					tr.Transform(rec)
				}
			})
		})
		b.Run(name+"/read+transform", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				readAndTransform(b, m, data)
			}
			report(b, len(records), func() { readAndTransform(b, m, data) })
		})
	}
}

// report adds rows per second and the allocations per row of one more
// pass over the file.
func report(b *testing.B, rows int, pass func()) {
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(testing.AllocsPerRun(1, pass)/float64(rows), "allocs/row")
}

func readRecords(b *testing.B, data []byte) ([]string, [][]string) {
	src, err := csvsource.Open(bytes.NewReader(data), csvsource.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var records [][]string
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			return src.Header(), records
		}
		if err != nil || rec.Reject != nil {
			b.Fatal(err, rec.Reject)
		}
		records = append(records, append([]string(nil), rec.Fields...))
	}
}

func readAndTransform(b *testing.B, m *mapping.Mapping, data []byte) {
	src, err := csvsource.Open(bytes.NewReader(data), csvsource.Options{Delimiter: m.Delimiter()})
	if err != nil {
		b.Fatal(err)
	}
	tr, err := m.Bind(src.Header(), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil || rec.Reject != nil {
			b.Fatal(err, rec.Reject)
		}
		if _, rej := tr.Transform(rec.Fields); rej != nil {
			b.Fatal(rej)
		}
	}
}
