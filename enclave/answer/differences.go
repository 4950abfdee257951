package answer

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// RuleDifferencing hides a cell whose people differ from those of a cell
// the project was given before by 1 to threshold-1 people.
const RuleDifferencing disclosure.Rule = "differencing"

// maxRounds bounds the rounds of hiding more cells so that none hidden for
// differencing can be worked out from the margins released beside it.
const maxRounds = 8

// withholdDifferences hides the released cells of res that are too close to
// a cell the project was given before (or earlier in this answer), then
// hides whatever else would let one of them be worked out from released
// margins, and records the cells that are released in the ledger. It
// returns how many cells the ledger let through as near misses: within
// twice the threshold of an earlier cell.
func (s *Service) withholdDifferences(ctx context.Context, project, hash string, res *disclosure.Result, members [][]uint64, threshold int) (near int, err error) {
	var cells []differencing.Cell
	var at []int // position in res.Cells of each of cells
	for i, c := range res.Cells {
		if c.Suppressed != "" || i >= len(members) {
			continue
		}
		key, _ := json.Marshal(c.Keys)
		cells = append(cells, differencing.Cell{Key: string(key), Members: differencing.NewSet(members[i])})
		at = append(at, i)
	}
	out, err := s.Ledger.Release(ctx, project, hash, s.Now().UTC(), cells, threshold)
	if err != nil {
		return 0, err
	}
	for _, w := range out.Withheld {
		hide(res, at[w])
	}
	if len(out.Withheld) == 0 {
		return len(out.Near), nil
	}
	for range maxRounds {
		exposed, err := disclosure.Derivable(*res)
		if err != nil {
			return 0, err
		}
		if len(exposed) == 0 {
			return len(out.Near), nil
		}
		for _, p := range exposed {
			hide(res, p.Cell)
		}
	}
	return 0, enclave.E(enclave.CodeForbidden, "cells withheld for differencing could still be worked out from released margins, so the answer is withheld")
}

// hide withholds cell i of res for differencing.
func hide(res *disclosure.Result, i int) {
	c := &res.Cells[i]
	if c.Suppressed != "" {
		return
	}
	*c = disclosure.Released{Keys: slices.Clone(c.Keys), Suppressed: RuleDifferencing}
	if res.Suppressed == nil {
		res.Suppressed = map[disclosure.Rule]int{}
	}
	res.Suppressed[RuleDifferencing]++
}
