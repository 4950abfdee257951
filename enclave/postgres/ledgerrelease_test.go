package postgres_test

import (
	"context"
	"slices"
	"time"

	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// releaseCells checks cells against the ledgers of projects, as an answer
// on the first would with nothing hidden by disclosure control, and records
// the ones let through in its ledger.
func releaseCells(ctx context.Context, l *postgres.LedgerStore, projects []string, cells []differencing.Cell) (differencing.Outcome, error) {
	return holdCells(ctx, l, projects, "", cells)
}

// holdCells is releaseCells for an answer held for review under hold (""
// when released at once).
func holdCells(ctx context.Context, l *postgres.LedgerStore, projects []string, hold string, cells []differencing.Cell) (differencing.Outcome, error) {
	var out differencing.Outcome
	err := l.Within(ctx, projects, func(v differencing.View) error {
		s := differencing.NewSession(v, 10)
		var err error
		if out, err = s.Check(cells); err != nil {
			return err
		}
		var released []differencing.Cell
		for i, c := range cells {
			if !slices.Contains(out.Withheld, i) {
				released = append(released, c)
			}
		}
		return s.Record("sha256:q", hold, time.Now(), released)
	})
	return out, err
}
