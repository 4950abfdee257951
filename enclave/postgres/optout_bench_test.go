package postgres_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// BenchmarkOptOutLoad loads a national-sized opt-out list, 3,500,000
// distinct NHS numbers (ENCLAVE_BENCH_OPTOUT_NUMBERS to change), streamed as
// a MESH .dat file made on the fly, through the whole load: parse,
// pseudonymise in process, COPY, de-duplicate, index, audit. "new" stores a
// first version; "supersede" replaces one of the same size. The baseline is
// a plain COPY of as many 32-byte values into a table of the same shape (the
// same primary key), in the same run. Memory is the test process's: peak
// Go heap, and peak RSS (VmHWM, reset before each load); entries-MB is the
// size of the pseudonyms' table with its index afterwards.
func BenchmarkOptOutLoad(b *testing.B) {
	n := 3_500_000
	if s := os.Getenv("ENCLAVE_BENCH_OPTOUT_NUMBERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < enclave.MinOptOutEntries {
			b.Fatalf("ENCLAVE_BENCH_OPTOUT_NUMBERS=%q: want a count of at least %d", s, enclave.MinOptOutEntries)
		}
	}
	var baseline time.Duration
	b.Run("copy-baseline", func(b *testing.B) {
		e := newOptOutEnv(b)
		if _, err := e.db.Super(b).Exec(context.Background(), `
			CREATE TABLE plain_entries (version_id bigint, pid bytea, PRIMARY KEY (version_id, pid));
			GRANT INSERT ON plain_entries TO `+pgtest.ServiceRole); err != nil {
			b.Fatal(err)
		}
		for i := range b.N {
			start := time.Now()
			rows := 0
			_, err := e.pool.Pool.CopyFrom(context.Background(), pgx.Identifier{"plain_entries"}, []string{"version_id", "pid"},
				pgx.CopyFromFunc(func() ([]any, error) {
					if rows == n {
						return nil, nil
					}
					rows++
					var x [8]byte
					binary.BigEndian.PutUint64(x[:], uint64(rows))
					sum := sha256.Sum256(x[:])
					return []any{int64(i), sum[:]}, nil
				}))
			if err != nil {
				b.Fatal(err)
			}
			baseline = time.Since(start)
		}
		b.ReportMetric(baseline.Seconds(), "s/copy")
	})
	for _, mode := range []string{"new", "supersede"} {
		b.Run(mode, func(b *testing.B) {
			var took time.Duration
			var heap, rss, size float64
			for range b.N {
				b.StopTimer()
				e := newOptOutEnv(b)
				if mode == "supersede" {
					if _, err := e.svc.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny,
						AsOf: optout.DateOf(e.now.AddDate(0, 0, -7))}, newNumberStream(n, 1)); err != nil {
						b.Fatal(err)
					}
				}
				resetPeakRSS(b)
				stop := sampleHeap()
				b.StartTimer()
				start := time.Now()
				rep, err := e.svc.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny},
					newNumberStream(n, 2))
				took = time.Since(start)
				b.StopTimer()
				heap, rss = stop(), peakRSS(b)
				if err != nil || rep.Version.Entries != int64(n) {
					b.Fatalf("load: %+v, %v", rep.Version, err)
				}
				size = float64(e.count(b, `SELECT pg_total_relation_size('optout_entries')`)) / (1 << 20)
			}
			b.ReportMetric(took.Seconds(), "s/load")
			b.ReportMetric(float64(n)/took.Seconds(), "numbers/s")
			b.ReportMetric(heap, "peak-heap-MB")
			b.ReportMetric(rss, "peak-RSS-MB")
			b.ReportMetric(size, "entries-MB")
			if baseline > 0 {
				b.ReportMetric(took.Seconds()/baseline.Seconds(), "x-copy-baseline")
			}
		})
	}
}

// numberStream is a MESH .dat file of n distinct, checksum-valid NHS numbers
// from 900 000 0000 to 999 999 9999, made as it is read. (The 999 test range
// alone holds only about 909,000 valid numbers; these never leave the
// process except as pseudonyms in a throwaway database.)
type numberStream struct {
	n, made   int
	a, c, k   int
	buf, line []byte
}

func newNumberStream(n int, seed int) io.Reader {
	// k -> (a*k + c) mod 10^8 is a bijection when a is coprime to 10^8, so
	// the bodies never repeat.
	return &numberStream{n: n, a: 7_654_321, c: seed * 1_234_567}
}

func (s *numberStream) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.made < s.n {
		body := 900_000_000 + (s.a*s.k+s.c)%100_000_000
		s.k++
		d := strconv.AppendInt(s.line[:0], int64(body), 10)
		sum := 0
		for i := range 9 {
			sum += (10 - i) * int(d[i]-'0')
		}
		check := (11 - sum%11) % 11
		if check == 10 {
			continue
		}
		s.line = append(append(d, byte('0'+check)), ",\n"...)
		s.buf = append(s.buf, s.line...)
		s.made++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	nr := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[nr:])]
	return nr, nil
}

// sampleHeap samples the live Go heap every 10 ms until the returned
// function is called, which returns the peak in MB.
func sampleHeap() func() float64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
	)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return float64(peak) / (1 << 20)
	}
}

// resetPeakRSS collects garbage and resets the kernel's peak RSS (VmHWM).
func resetPeakRSS(b *testing.B) {
	runtime.GC()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset peak RSS: %v", err)
	}
}

// peakRSS reads VmHWM from /proc/self/status, in MB.
func peakRSS(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Logf("no peak RSS: %v", err)
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			v, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 64)
			return v / 1024
		}
	}
	return 0
}
