package disclosure

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// gridTable is an additive table of n categories in each of dims
// dimensions with every margin, one interior cell in twenty below the
// threshold of 10, with events and cell keys.
func gridTable(b *testing.B, dims, n int) Table {
	rng := rand.New(rand.NewPCG(uint64(dims), uint64(n)))
	t := Table{Additive: true, Events: true}
	for d := range dims {
		t.Dimensions = append(t.Dimensions, fmt.Sprint("d", d))
	}
	idx := make([]int, dims)
	for {
		keys := make([]Key, dims)
		for d, i := range idx {
			keys[d] = Key{Value: fmt.Sprint("c", i)}
		}
		people := 10 + rng.Int64N(500)
		if rng.IntN(20) == 0 {
			people = 1 + rng.Int64N(9)
		}
		t.Cells = append(t.Cells, Cell{Keys: keys, People: people, Events: people + rng.Int64N(50), CellKey: new(uint8(rng.UintN(256)))})
		d := 0
		for ; d < dims; d++ {
			if idx[d]++; idx[d] < n {
				break
			}
			idx[d] = 0
		}
		if d == dims {
			break
		}
	}
	t, err := WithMargins(t)
	if err != nil {
		panic(err)
	}
	return t
}

// BenchmarkApply protects tables of growing size with independent totals,
// the service's setting, to find the largest protected within the time and
// memory a request allows (docs/benchmarks.md). No size limit applies.
func BenchmarkApply(b *testing.B) {
	for _, size := range []struct{ dims, n int }{{2, 30}, {2, 44}, {3, 10}, {3, 12}, {4, 4}, {4, 5}} {
		table := gridTable(b, size.dims, size.n)
		for _, mode := range []Mode{ModeBase, ModeCellKey} {
			r := DefaultRules()
			r.Totals, r.Mode = TotalsIndependent, mode
			if mode != ModeBase {
				r.Rounding = 1
			}
			b.Run(fmt.Sprintf("%dx%d/%d-cells/%s", size.dims, size.n, len(table.Cells), mode), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Apply(context.Background(), table, r, Options{MaxCells: 1 << 30}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
