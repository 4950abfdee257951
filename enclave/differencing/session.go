package differencing

import (
	"context"
	"slices"
	"time"
)

// Ledger keeps the cells released to projects; postgres.LedgerStore is
// one. Within runs fn with the ledgers of the named projects locked, so that
// answers checked at once cannot both pass against ledgers that hold
// neither: what fn records goes to the first project's ledger, and the
// others are read only (a researcher's other projects, which the first's
// answers must not be differenced against).
type Ledger interface {
	Within(ctx context.Context, projects []string, fn func(View) error) error
}

// View is the locked ledgers of one Ledger.Within.
type View interface {
	// Earlier is Earlier over every ledger of the view.
	Earlier(sets []*Set, within int) ([][]Prior, error)
	// Own is Earlier over the first project's ledger alone.
	Own(sets []*Set, within int) ([][]Prior, error)
	// Record adds cells to the first project's ledger: with held result
	// hold, or released with their answer when hold is "".
	Record(queryHash, hold string, at time.Time, cells []Cell) error
}

// Session checks the cells of one answer against a View, in as many rounds
// as the answer needs (the cells of a table, then its other rows), each
// round also against the cells passed in the rounds before, and records the
// cells finally released.
type Session struct {
	view      View
	threshold int
	passed    []*Set
	near      int
	repeatOf  []string
}

// NewSession starts checking an answer under threshold.
func NewSession(v View, threshold int) *Session {
	return &Session{view: v, threshold: threshold}
}

// Check is Check against the view and the cells passed before in the
// session, which share the answer's fate and so count as given out.
func (s *Session) Check(cells []Cell) (Outcome, error) {
	out, err := Check(cells, s.threshold, func(sets []*Set, within int) ([][]Prior, error) {
		before, err := s.view.Earlier(sets, within)
		if err != nil {
			return nil, err
		}
		for i := range before {
			for _, p := range s.passed {
				before[i] = append(before[i], Prior{Members: p, State: Released})
			}
		}
		return before, nil
	})
	if err != nil {
		return Outcome{}, err
	}
	for i, c := range cells {
		if !slices.Contains(out.Withheld, i) {
			s.passed = append(s.passed, c.Members)
		}
	}
	s.near += len(out.Near)
	for _, h := range out.RepeatOf {
		if !slices.Contains(s.repeatOf, h) {
			s.repeatOf = append(s.repeatOf, h)
		}
	}
	return out, nil
}

// Near is how many cells the session's checks let through as near misses.
func (s *Session) Near() int { return s.near }

// RepeatOf names the held results whose cells, never given out, the
// session's checks let through again: an answer with any must be held.
func (s *Session) RepeatOf() []string { return slices.Clone(s.repeatOf) }

// Record records the cells the answer gives, with held result hold ("" when
// released now), whose people the answering project's ledger has not
// given out yet (Fresh). Another of the researcher's projects holding them
// does not count: the answering project's other members, who see its
// answers, must be checked against them too.
func (s *Session) Record(queryHash, hold string, at time.Time, cells []Cell) error {
	if len(cells) == 0 {
		return nil
	}
	sets := make([]*Set, len(cells))
	for i, c := range cells {
		sets[i] = c.Members
	}
	before, err := s.view.Own(sets, 1)
	if err != nil {
		return err
	}
	return s.view.Record(queryHash, hold, at, Fresh(cells, Outcome{}, before))
}
