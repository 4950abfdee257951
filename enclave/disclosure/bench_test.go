package disclosure

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// bigTable is a 50×50 additive table with every margin (2,601 cells), one
// interior cell in twenty below the threshold of 10, with cell keys.
func bigTable(b *testing.B) Table {
	rng := rand.New(rand.NewPCG(50, 50))
	t := Table{Dimensions: []string{"practice", "condition"}, Additive: true, Events: true}
	for i := range 50 {
		for j := range 50 {
			people := 10 + rng.Int64N(500)
			if rng.IntN(20) == 0 {
				people = 1 + rng.Int64N(9)
			}
			t.Cells = append(t.Cells, Cell{
				Keys:   []Key{{Value: fmt.Sprint("P", i)}, {Value: fmt.Sprint("C", j)}},
				People: people, Events: people + rng.Int64N(50), CellKey: new(uint8(31*i + 7*j)),
			})
		}
	}
	t, err := WithMargins(t)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

func BenchmarkApply50x50(b *testing.B) {
	table := bigTable(b)
	for _, totals := range []Totals{TotalsIndependent, TotalsFromRounded, TotalsSuppress} {
		b.Run(string(totals), func(b *testing.B) {
			r := DefaultRules()
			r.Totals = totals
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Apply(table, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, mode := range []Mode{ModeMidpoint6, ModeCellKey} {
		b.Run(string(mode)+"/"+string(TotalsIndependent), func(b *testing.B) {
			r := Rules{Threshold: 10, Rounding: 1, Totals: TotalsIndependent, Mode: mode}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Apply(table, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
