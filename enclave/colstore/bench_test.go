package colstore

import (
	"context"
	"encoding/binary"
	"strconv"
	"testing"
	"time"
)

// BenchmarkEvaluate answers a sum by one of 18 bands, with every
// protection figure and ledger key, over 1,000,000 rows of 100,000 people
// held in memory, against the least the same answer needs: one pass adding
// each row's value to its band (the baseline, timed in the same run).
//
//	go test -run '^$' -bench Evaluate ./enclave/colstore/
func BenchmarkEvaluate(b *testing.B) {
	const rows, people, bands = 1_000_000, 100_000, 18
	bld := NewBuilder("ae", "rev", []string{"band", "wait"})
	p := make([]byte, PseudonymSize)
	for i := range rows {
		person := (i * 7919) % people
		binary.BigEndian.PutUint64(p, uint64(person)*0x9e3779b97f4a7c15)
		p[20], p[PseudonymSize-1] = byte(person), byte(person>>8)
		if err := bld.Add(p, [][]byte{[]byte(strconv.Itoa(i % bands)), []byte(strconv.Itoa(30 + i%300))}); err != nil {
			b.Fatal(err)
		}
	}
	tab := bld.Table()
	band, _ := tab.Column("band")
	wait, _ := tab.Column("wait")
	dim := Dim{Column: band, Label: make([]int32, len(band.Dict)), Labels: make([]string, bands), Rank: make([]int32, bands)}
	dim.Label[0] = -1
	for code, text := range band.Dict[1:] {
		n, _ := strconv.Atoi(text)
		dim.Label[code+1], dim.Labels[n], dim.Rank[n] = int32(n), text, int32(n)
	}
	values := make([]float64, len(wait.Dict))
	for code, text := range wait.Dict[1:] {
		values[code+1], _ = strconv.ParseFloat(text, 64)
	}
	plan := &Plan{Sources: []Source{{Table: tab}}, Dims: []Dim{dim}, Measured: 0,
		Measures: []Measure{{Kind: Sum, Column: wait, Value: values, NoiseByte: 8, Seed: 1}},
		Needs:    Needs{Top: 2, Contributions: true, CellKeys: true, Members: true}}
	var base, full time.Duration
	for b.Loop() {
		start := time.Now()
		sums := make([]float64, bands)
		for r, c := range band.Codes {
			sums[dim.Label[c]] += values[wait.Codes[r]]
		}
		base += time.Since(start)
		start = time.Now()
		if _, err := Evaluate(context.Background(), plan, 100); err != nil {
			b.Fatal(err)
		}
		full += time.Since(start)
	}
	b.ReportMetric(float64(full.Nanoseconds())/float64(b.N)/rows, "ns/row")
	b.ReportMetric(float64(full)/float64(base), "x-plain-loop")
}
