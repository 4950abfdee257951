package pseudonym

import (
	"context"
	"sync"
	"testing"
)

// benchIDs is one million distinct NHS-number identifiers, built once.
var benchIDs = sync.OnceValue(func() []Identifier {
	return testIdentifiers(&testing.B{}, 1_000_000)
})

// BenchmarkLocalPseudonymiser reports ns per pseudonym for batches of one
// million and of one thousand identifiers (ingest batch sizes).
func BenchmarkLocalPseudonymiser(b *testing.B) {
	ids := benchIDs()
	lp := LocalPseudonymiser{Key: testKey(b, false)}
	ctx := context.Background()
	for _, size := range []struct {
		name string
		n    int
	}{{"batch=1M", len(ids)}, {"batch=1k", 1000}} {
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			batch := ids[:size.n]
			for b.Loop() {
				if _, err := lp.Pseudonymise(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size.n), "ns/pseudonym")
		})
	}
}

// BenchmarkKeyPseudonymise is the single call, which builds an HMAC each time.
func BenchmarkKeyPseudonymise(b *testing.B) {
	id := benchIDs()[0]
	k := testKey(b, false)
	b.ReportAllocs()
	for b.Loop() {
		k.Pseudonymise(id)
	}
}

func BenchmarkParseNHSNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseNHSNumber("943 476 5919"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjectPseudonym(b *testing.B) {
	k := testKey(b, false)
	pid := k.Pseudonymise(benchIDs()[0])
	b.Run("derive each call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := k.ProjectPseudonym("PRJ-0001", pid); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("derived once", func(b *testing.B) {
		pk, err := k.Derive(PurposeProject, "PRJ-0001")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			pk.Repseudonymise(pid)
		}
	})
}

// BenchmarkHMACBaseline is the floor: one reused HMAC over a 14-byte message,
// with no identifiers or result slice. LocalPseudonymiser's ns/pseudonym
// should sit close to it.
func BenchmarkHMACBaseline(b *testing.B) {
	h := testKey(b, false).newMAC()
	msg := []byte("nhs:9434765919")
	var p Pseudonym
	b.ReportAllocs()
	for b.Loop() {
		macInto(h, &p, msg)
	}
}
