package ingest_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/testkit"
	"github.com/research-enclave/enclave/pseudonym"
	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// benchRows is how many rows each load has; ENCLAVE_BENCH_INGEST_ROWS
// overrides it for a quick pass.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("ENCLAVE_BENCH_INGEST_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkIngest loads patients rows into the same table four ways, in one
// run: a raw COPY of rows that need no work (the baseline: what PostgreSQL
// takes to store them), and full loads (CSV parsing, mapping, validation,
// pseudonymisation, COPY, record, audit) keyed by the dev key source and by
// a production key held in process, which is what vault-kv uses after
// reading its key. Each load reports rows/s, its speed as a share of the raw
// COPY's, and the peak Go heap while it ran.
//
//	go test -run '^$' -bench Ingest -benchtime 1x ./enclave/ingest/
func BenchmarkIngest(b *testing.B) {
	n := benchRows()
	f := newFixture(b, 0)
	var rawRate float64
	b.Run(fmt.Sprintf("raw-copy/rows=%d", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			f.rawCopy(b, n, i)
		}
		rawRate = float64(n) * float64(b.N) / b.Elapsed().Seconds()
		b.ReportMetric(rawRate, "rows/s")
	})
	prod, err := pseudonym.NewKey([]byte("a-benchmark-production-key-32-by"), 1)
	if err != nil {
		b.Fatal(err)
	}
	sources := []struct {
		name string
		ps   pseudonym.Pseudonymiser
		rows int
	}{
		{"dev", f.svc.Pseudonymiser, n},
		{"vault-kv", pseudonym.LocalPseudonymiser{Key: prod}, n},
		{"vault-transit", transitSource(b), n},
	}
	if os.Getenv("ENCLAVE_BENCH_INGEST_10M") != "" {
		sources = append(sources, struct {
			name string
			ps   pseudonym.Pseudonymiser
			rows int
		}{"dev", f.svc.Pseudonymiser, 10 * n})
	}
	offset := 0
	for _, src := range sources {
		b.Run(fmt.Sprintf("%s/rows=%d", src.name, src.rows), func(b *testing.B) {
			svc := *f.svc
			svc.Pseudonymiser = src.ps
			var peak uint64
			for b.Loop() {
				offset += src.rows
				peak = max(peak, loadMeasured(b, &svc, src.rows, offset))
			}
			rate := float64(src.rows) * float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rate, "rows/s")
			b.ReportMetric(rate/rawRate, "x-raw-copy")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// transitSource is the vault-transit key source against the Vault double,
// with the client's defaults (batches of 1000, 4 in flight) and a simulated
// 1 ms round trip per request.
func transitSource(b *testing.B) pseudonym.Pseudonymiser {
	s := vaulttest.NewServer(b)
	s.CreateKey(b, "enclave-pid", "hmac")
	s.Delay(time.Millisecond)
	c, err := vault.NewClient(vault.Config{Address: s.Addr(), Token: s.Token()})
	if err != nil {
		b.Fatal(err)
	}
	h, err := vault.NewTransitHMAC(b.Context(), c, "enclave-pid", 1, vault.TransitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return vault.NewTransitPseudonymiser(h)
}

// loadMeasured loads rows patients rows whose NHS numbers start after
// offset and returns the peak heap in use while it ran.
func loadMeasured(b *testing.B, svc *ingest.Service, rows, offset int) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	r, err := svc.Load(context.Background(), operator, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, patientsCSV(rows, offset))
	close(done)
	if err != nil || r.RowsStored != int64(rows) {
		b.Fatalf("load: %+v %v", r.Record, err)
	}
	return peak.Load()
}

// rawCopy copies rows rows of already pseudonymised, typed values into the
// patients table in one transaction: the floor a load cannot beat.
func (f *fixture) rawCopy(b *testing.B, rows, iter int) {
	ctx := context.Background()
	i := 0
	var pid [32]byte
	_, err := pgtest.CopyIn(ctx, f.pool.Pool, "ds_patients_v1",
		[]string{"load_id", "pid", "year_of_birth", "sex", "lsoa_code", "deprivation_decile", "ethnicity_group"},
		func() ([]any, error) {
			if i == rows {
				return nil, nil
			}
			i++
			pid = sha256.Sum256([]byte(strconv.Itoa(iter*rows + i)))
			return []any{int64(-1 - iter), pid[:], int64(1940 + i%70), "F", "E01011365", "3", "white"}, nil
		})
	if err != nil {
		b.Fatal(err)
	}
}

// patientsCSV streams rows of synth-shaped patients.csv with valid
// 999-range NHS numbers (repeating after about 900,000 rows), generated as
// they are read; offset makes the content differ between loads.
func patientsCSV(rows, offset int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriterSize(pw, 64<<10)
		w.WriteString(patientsHeader)
		for i, seq := 0, offset*2; i < rows; seq++ {
			nhs, ok := testkit.NHSNumber(seq)
			if !ok {
				continue
			}
			fmt.Fprintf(w, "%s,%d-0%d-1%d,%s,LS%d 4AP,E0101136%d,%d,white\n",
				nhs, 1940+i%70, 1+i%9, i%9, [2]string{"F", "M"}[i%2], 1+i%9, i%10, 1+i%10)
			i++
		}
		pw.CloseWithError(w.Flush())
	}()
	return pr
}
