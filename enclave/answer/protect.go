package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// protect applies disclosure control to t under rules. With the ledger on,
// it does so holding the differencing ledgers of every project the actor is
// or was a member of, projectID's first: a cell that passes the threshold
// but whose people differ from those of a cell the actor's projects were
// given before by 1 to threshold-1 is withheld (RuleDifferencing) and then
// protected from derivation like a small cell, and the cells released are
// recorded in projectID's ledger, cells of no one left out. It returns the
// result and how many cells came close to earlier ones (near misses).
func (s *Service) protect(ctx context.Context, actor enclave.Actor, projectID, hash string, t disclosure.Table, rules disclosure.Rules) (*disclosure.Result, int, error) {
	opt := disclosure.Options{MaxCells: s.MaxProtectedCells}
	if s.Ledger == nil {
		res, err := disclosure.Apply(ctx, t, rules, opt)
		return res, 0, err
	}
	others, err := s.Projects.Memberships(ctx, actor.Principal.ID)
	if err != nil {
		return nil, 0, err
	}
	var res *disclosure.Result
	near := 0
	err = s.Ledger.Within(ctx, append([]string{projectID}, others...), func(view differencing.View) error {
		session := differencing.NewSession(view, rules.Threshold)
		opt.Withhold = func(cands []disclosure.Candidate) ([]int, error) {
			cells, of, err := ledgerCells(cands)
			if err != nil {
				return nil, err
			}
			out, err := session.Check(cells)
			if err != nil {
				return nil, err
			}
			var withheld []int
			for _, w := range out.Withheld {
				if !slices.Contains(withheld, of[w]) {
					withheld = append(withheld, of[w])
				}
			}
			return withheld, nil
		}
		r, err := disclosure.Apply(ctx, t, rules, opt)
		if err != nil {
			return err
		}
		res, near = r, session.Near()
		return session.Record(hash, s.Now().UTC(), releasedCells(r))
	})
	return res, near, err
}

// ledgerCells are the ledger's view of cells about to be released: each
// cell's people and, for each measure value released with it, its
// contributions (who contributed what: two answers about the same people
// whose values differ differ there), with the candidate each came from.
func ledgerCells(cands []disclosure.Candidate) ([]differencing.Cell, []int, error) {
	var cells []differencing.Cell
	var of []int
	for i, c := range cands {
		if len(c.Members) == 0 {
			return nil, nil, enclave.E(enclave.CodeInternal, "the query engine gave no people for a cell the differencing ledger must check")
		}
		key, _ := json.Marshal(c.Keys)
		cells = append(cells, differencing.Cell{Key: string(key), Members: differencing.NewSet(slices.Clone(c.Members))})
		of = append(of, i)
		for j, m := range c.Measures {
			if len(m) > 0 {
				cells = append(cells, differencing.Cell{Key: fmt.Sprintf("%s measure %d", key, j), Members: differencing.NewSet(slices.Clone(m))})
				of = append(of, i)
			}
		}
	}
	return cells, of, nil
}

// releasedCells are what res releases, for the ledger: each released
// cell's people and each released value's contributions. A cell of no one is
// left out: recorded as the empty set, it would make every later cell below
// twice the threshold a near miss.
func releasedCells(res *disclosure.Result) []differencing.Cell {
	var cells []differencing.Cell
	for i, c := range res.Cells {
		if c.Suppressed != "" || c.People == nil || *c.People == 0 || len(res.Members(i)) == 0 {
			continue
		}
		key, _ := json.Marshal(c.Keys)
		cells = append(cells, differencing.Cell{Key: string(key), Members: differencing.NewSet(slices.Clone(res.Members(i)))})
		for j := range c.Measures {
			if m := res.ValueMembers(i, j); len(m) > 0 {
				cells = append(cells, differencing.Cell{Key: fmt.Sprintf("%s measure %d", key, j), Members: differencing.NewSet(slices.Clone(m))})
			}
		}
	}
	return cells
}

// protectError says why disclosure control refused an answer, as the
// researcher is told it.
func protectError(err error) error {
	var ee *enclave.Error
	switch {
	case errors.As(err, &ee):
		return err
	case errors.Is(err, disclosure.ErrTooLarge):
		return enclave.Wrap(enclave.CodeTooLarge, err.Error(), err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return enclave.Wrap(enclave.CodeUnavailable, "disclosure control did not finish within the request's time limit; narrow the query and try again", err)
	}
	return enclave.Wrap(enclave.CodeInternal, "disclosure control failed", err)
}
