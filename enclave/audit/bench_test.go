package audit

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"
)

// benchLog is a log of 1,000,000 realistic events held in one buffer, so
// that the garbage collector has no pointers to chase while the verifier
// runs. It is built once per test binary, outside any timer.
var benchLog = sync.OnceValue(func() (log struct {
	buf  []byte
	ends []int
	cp   Checkpoint
}) {
	const n = 1_000_000
	tree := NewTree()
	log.buf = make([]byte, 0, n*340)
	log.ends = make([]int, 0, n)
	for i := range uint64(n) {
		e := benchEvent(i)
		root, err := tree.Root()
		if err != nil {
			panic(err)
		}
		e.PrevRoot = root
		start := len(log.buf)
		if log.buf, err = e.appendCanonical(log.buf, false); err != nil {
			panic(err)
		}
		if err := tree.Append(LeafHash(log.buf[start:])); err != nil {
			panic(err)
		}
		log.ends = append(log.ends, len(log.buf))
	}
	root, err := tree.Root()
	if err != nil {
		panic(err)
	}
	log.cp = Checkpoint{Origin: testOrigin, Size: n, Root: root, Time: time.Now()}
	return log
})

// benchEvent is a mix of what a busy enclave logs: mostly queries' and
// reads' records with a policy decision, some without. About 300 bytes.
func benchEvent(i uint64) Event {
	e := Event{
		Seq:        i,
		Time:       time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 1500 * time.Microsecond),
		Principal:  fmt.Sprintf("r.user%d", i%500),
		Role:       "researcher",
		Kind:       KindAuditRead,
		TargetType: "project",
		TargetID:   fmt.Sprintf("prj-%04d", i%300),
		Outcome:    OutcomeSuccess,
		RequestID:  fmt.Sprintf("%016x", i*2654435761),
		Body:       json.RawMessage(fmt.Sprintf(`{"rows":%d,"ms":%d}`, i%1000, i%97)),
	}
	if i%4 != 0 {
		e.Decision = &Decision{Allow: i%10 != 1, Reasons: []string{"project.member"}, Revision: "a1b2c3d4"}
	}
	return e
}

// BenchmarkVerify1M is what `enclave audit verify` costs on a large log.
func BenchmarkVerify1M(b *testing.B) {
	log := benchLog()
	n := len(log.ends)
	b.ResetTimer()
	for range b.N {
		v := NewVerifier()
		start := 0
		for _, end := range log.ends {
			if err := v.Add(log.buf[start:end]); err != nil {
				b.Fatal(err)
			}
			start = end
		}
		if err := v.Check(log.cp); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
	b.ReportMetric(float64(len(log.buf))/float64(n), "bytes/event")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/log")
}

func BenchmarkCanonical(b *testing.B) {
	e := benchEvent(123456)
	b.ReportAllocs()
	for range b.N {
		if _, err := e.Canonical(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	c, err := benchEvent(123456).Canonical()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(c)))
	b.ReportAllocs()
	for range b.N {
		if _, err := Parse(c); err != nil {
			b.Fatal(err)
		}
	}
}
