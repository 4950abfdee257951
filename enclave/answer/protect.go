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
	"github.com/research-enclave/enclave/enclave/query"
)

// protect applies disclosure control to t under rules and asks the output
// review policy whether the result may be released now (verdict). With the
// ledger on, it does so holding the differencing ledgers of every project
// the actor is or was a member of, the permit's first: a cell that passes
// the threshold but whose people differ from those of a cell the actor's
// projects were given or held before by 1 to threshold-1 is withheld
// (RuleDifferencing) and then protected from derivation like a small cell;
// cells that come close (near misses) or that have exactly the people of
// cells never given out (repeats) hold the answer; and the cells the result
// gives are recorded in the project's ledger, with the held result's id
// when it is held, cells of no one left out. repeatOf are the held or
// rejected results the question repeats on the project.
func (s *Service) protect(ctx context.Context, actor enclave.Actor, p enclave.Permit, v query.Query, hash string, t disclosure.Table, rules disclosure.Rules, repeatOf []string) (*disclosure.Result, verdict, error) {
	opt := disclosure.Options{MaxCells: s.MaxProtectedCells}
	if s.Ledger == nil {
		res, err := disclosure.Apply(ctx, t, rules, opt)
		if err != nil {
			return nil, verdict{}, err
		}
		vd, err := s.decide(ctx, actor, p, v, 0, repeatOf)
		return res, vd, err
	}
	others, err := s.Projects.Memberships(ctx, actor.Principal.ID)
	if err != nil {
		return nil, verdict{}, err
	}
	sortMembers(t)
	var res *disclosure.Result
	var vd verdict
	err = s.Ledger.Within(ctx, append([]string{p.Project.ID}, others...), func(view differencing.View) error {
		session := differencing.NewSession(view, rules.Threshold)
		opt.Withhold = func(cands []disclosure.Candidate) ([]disclosure.Withheld, error) {
			cells, of, err := ledgerCells(cands)
			if err != nil {
				return nil, err
			}
			out, err := session.Check(cells)
			if err != nil {
				return nil, err
			}
			return withheld(out, of), nil
		}
		r, err := disclosure.Apply(ctx, t, rules, opt)
		if err != nil {
			return err
		}
		if vd, err = s.decide(ctx, actor, p, v, session.Near(), union(repeatOf, session.RepeatOf())); err != nil {
			return err
		}
		res = r
		return session.Record(hash, vd.hold, s.Now().UTC(), releasedCells(r))
	})
	return res, vd, err
}

// sortMembers sorts the keys of every cell's people and contributions in
// place, once: the ledger's sets of them are made for the check and again
// for the recording, of copies that are then sorted already.
func sortMembers(t disclosure.Table) {
	for _, c := range t.Cells {
		differencing.SortKeys(c.Members)
		for _, m := range c.Measures {
			differencing.SortKeys(m.Members)
		}
	}
}

// union is a with the elements of b it lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// source says which candidate a ledger cell stands for, and whether it is
// the candidate's people (rather than a measure's contributions).
type source struct {
	candidate int
	people    bool
}

// ledgerCells are the ledger's view of cells about to be released: each
// cell's people and, for each measure value released with it, its
// contributions (who contributed what: two answers about the same people
// whose values differ differ there), with the candidate each came from.
func ledgerCells(cands []disclosure.Candidate) ([]differencing.Cell, []source, error) {
	var cells []differencing.Cell
	var of []source
	for i, c := range cands {
		if len(c.Members) == 0 {
			return nil, nil, enclave.E(enclave.CodeInternal, "the query engine gave no people for a cell the differencing ledger must check")
		}
		key, _ := json.Marshal(c.Keys)
		cells = append(cells, differencing.Cell{Key: string(key), Members: differencing.NewSet(slices.Clone(c.Members))})
		of = append(of, source{candidate: i, people: true})
		for j, m := range c.Measures {
			if len(m) > 0 {
				cells = append(cells, differencing.Cell{Key: fmt.Sprintf("%s measure %d", key, j), Members: differencing.NewSet(slices.Clone(m))})
				of = append(of, source{candidate: i})
			}
		}
	}
	return cells, of, nil
}

// withheld turns the ledger's outcome into disclosure control's: each
// candidate once, with the size of the earlier cell its people are too
// close to (a reader given that cell knows this one is within the
// threshold of it), or -1 when only a measure's contributions were.
func withheld(out differencing.Outcome, of []source) []disclosure.Withheld {
	var ws []disclosure.Withheld
	for k, w := range out.Withheld {
		src := of[w]
		i := slices.IndexFunc(ws, func(x disclosure.Withheld) bool { return x.Candidate == src.candidate })
		if i < 0 {
			ws = append(ws, disclosure.Withheld{Candidate: src.candidate, Closest: -1})
			i = len(ws) - 1
		}
		if src.people {
			ws[i].Closest = int64(out.Closest[k])
		}
	}
	return ws
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
