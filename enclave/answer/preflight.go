package answer

import (
	"context"
	"fmt"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// Preflight is what a researcher learns about a query before spending it:
// whether it would be allowed, under which rules, and what those rules
// could hide. No data is read to make it.
type Preflight struct {
	QueryHash   string              `json:"query_hash"`
	Query       query.Query         `json:"query"`
	Rules       disclosure.Rules    `json:"rules"`
	OptOutLists []string            `json:"optout_lists"`
	Limits      enclave.QueryLimits `json:"limits"`
	// Notes say, rule by rule, what could be suppressed and why, and why
	// the answer would be held for output review.
	Notes []Note `json:"notes"`
}

// Note is one thing a rule could do to the answer.
type Note struct {
	Rule    string `json:"rule"`
	Subject string `json:"subject,omitempty"`
	Message string `json:"message"`
}

// Check runs validation, the policy decision and the static rules on q
// without running it. An invalid query is answered with its problems; a
// refusal by the policy is audited, as for a query.
func (s *Service) Check(ctx context.Context, actor enclave.Actor, projectID string, q query.Query) (Preflight, error) {
	v, err := query.Validate(q, s.Catalogue, query.Limits{MaxGroupBy: s.Limits.MaxGroupBy, MaxCells: s.Limits.MaxCells})
	if err != nil {
		return Preflight{}, &enclave.Error{Code: enclave.CodeInvalid, Message: err.Error(), Err: err,
			Reasons: []enclave.Reason{{Code: "query.invalid", Message: err.Error()}}}
	}
	hash := query.Hash(v)
	permit, err := s.Projects.UseForQuery(ctx, actor, projectID, enclave.QueryUse{
		Columns: v.Columns(), Minimums: s.minimums(v), Limits: s.Limits,
		Body: map[string]any{"query_hash": hash, "check": true},
	})
	if err != nil {
		return Preflight{}, err
	}
	rules := rulesOf(permit.Disclosure)
	notes := s.notes(v, rules)
	release, held, err := s.Reviews.Release(ctx, actor, permit.Project, s.reviewFlags(v), 0)
	if err != nil {
		return Preflight{}, err
	}
	if held {
		// Near misses are known only once the query has run.
		for _, r := range release.Reasons {
			notes = append(notes, Note{Rule: r.Code, Message: "the answer will be held for output review by governance officers: " + r.Message})
		}
	}
	return Preflight{
		QueryHash: hash, Query: v, Rules: rules, OptOutLists: appliedLists(permit.OptOuts), Limits: permit.Limits,
		Notes: notes,
	}, nil
}

// notes are the static rules' warnings for a valid query.
func (s *Service) notes(q query.Query, r disclosure.Rules) []Note {
	notes := []Note{{Rule: string(disclosure.RulePrimary), Message: fmt.Sprintf(
		"any cell counting 1 to %d people is hidden; %s", r.Threshold-1, released(r))}}
	for _, g := range q.GroupBy {
		col := s.column(g)
		switch {
		case col.Role == catalogue.RoleQuasiIdentifier:
			notes = append(notes, Note{Rule: string(disclosure.RulePrimary), Subject: g,
				Message: "a quasi-identifier: broken down by it, groups get small and are hidden more often"})
		case len(col.Values) == 0 && col.Type != catalogue.TypeBoolean:
			notes = append(notes, Note{Rule: string(disclosure.RulePrimary), Subject: g,
				Message: "takes values the catalogue does not list, so the number of cells, and of small ones, is not known in advance"})
		}
	}
	if q.Totals && len(q.GroupBy) > 0 {
		notes = append(notes, Note{Rule: string(disclosure.RuleSecondary),
			Message: "margins are asked for: a total may be the sum of the released, rounded cells, or more cells may be hidden so that no hidden one can be worked out from the totals"})
	}
	for _, m := range q.Measures {
		if m.Kind == query.Sum || m.Kind == query.Mean || m.Kind == query.Percentile {
			msg := fmt.Sprintf("released only in cells where at least %d people have a value", r.Threshold)
			if m.Kind == query.Percentile {
				msg = fmt.Sprintf("released only in cells with at least %d people with a value on each side of it", r.Threshold)
			}
			notes = append(notes, Note{Rule: string(disclosure.RuleMeasureThreshold), Subject: string(m.Kind) + "(" + m.Column + ")", Message: msg})
			notes = append(notes, magnitudeNotes(r.Magnitude, string(m.Kind)+"("+m.Column+")")...)
		}
	}
	return notes
}

// column looks up a validated "dataset.column".
func (s *Service) column(ref string) catalogue.Column {
	ds, name, _ := strings.Cut(ref, ".")
	d, _ := s.Catalogue.Dataset(ds)
	c, _ := d.Column(name)
	return *c
}

// released says how released counts are made under r's mode.
func released(r disclosure.Rules) string {
	switch r.Mode {
	case disclosure.ModeMidpoint6:
		return "released counts are the midpoints of bands of six (7 to 12 as 9, 13 to 18 as 15, ...), never below the threshold"
	case disclosure.ModeCellKey:
		return "released counts carry a small adjustment fixed by the cell's people (cell-key perturbation): repeating the query returns the same values"
	}
	return fmt.Sprintf("released counts are rounded to the nearest %d", r.Rounding)
}

// magnitudeNotes are the magnitude rules' warnings for one measure.
func magnitudeNotes(m disclosure.Magnitude, subject string) []Note {
	var notes []Note
	if d := m.Dominance; d != nil {
		notes = append(notes, Note{Rule: string(disclosure.RuleDominance), Subject: subject, Message: fmt.Sprintf(
			"hidden in cells where the %d largest contributors make up more than %g%% of the total", d.N, d.K*100)})
	}
	if p := m.PPercent; p != nil {
		notes = append(notes, Note{Rule: string(disclosure.RulePPercent), Subject: subject, Message: fmt.Sprintf(
			"hidden in cells where the second largest contributor could estimate the largest to within %g%%", *p*100)})
	}
	return notes
}
