package answer

import (
	"context"
	"fmt"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
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

// CheckSQL checks a query written in restricted SQL; a statement outside
// the subset is refused and audited like any invalid query.
func (s *Service) CheckSQL(ctx context.Context, actor enclave.Actor, projectID, sql string) (Preflight, error) {
	q, err := query.Parse(sql)
	if err != nil {
		return Preflight{}, s.refuseInvalidAs(ctx, actor, audit.KindQueryCheck, projectID, nil, err)
	}
	return s.Check(ctx, actor, projectID, q)
}

// Check runs validation, the policy decision and the static rules on q
// without running it. Every check is audited as a query.check event, with
// the canonical query when it is valid: an invalid query is answered with
// its problems, and a refusal by the policy is audited as for a query.
func (s *Service) Check(ctx context.Context, actor enclave.Actor, projectID string, q query.Query) (Preflight, error) {
	return s.pin().check(ctx, actor, projectID, q)
}

func (s *Service) check(ctx context.Context, actor enclave.Actor, projectID string, q query.Query) (Preflight, error) {
	v, snapped, err := query.Check(q, s.cat, s.queryLimits())
	if err == nil {
		err = s.recordable(v)
	}
	if err != nil {
		return Preflight{}, s.refuseInvalidAs(ctx, actor, audit.KindQueryCheck, projectID, nil, err)
	}
	hash := query.Hash(v)
	body := s.asked(v)
	body["check"] = true
	permit, err := s.Projects.UseForQuery(ctx, actor, projectID, enclave.QueryUse{
		Columns: v.Columns(), Minimums: s.minimums(v), Limits: s.Limits, Body: body,
	})
	if err != nil {
		return Preflight{}, err
	}
	ev := s.Audit.Event(actor, audit.KindQueryCheck, "project", projectID, audit.OutcomeSuccess, &permit.Decision, s.asked(v))
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Preflight{}, enclave.Wrap(enclave.CodeUnavailable, "the check could not be audited, so it is not answered", err)
	}
	rules := rulesOf(permit.Disclosure)
	var notes []Note
	for _, n := range snapped {
		notes = append(notes, Note{Rule: "query.snapped", Subject: n.Field, Message: n.Message})
	}
	notes = append(notes, s.notes(v, rules)...)
	mine, repeatOf, err := s.Reviews.Asked(ctx, actor, projectID, hash)
	if err != nil {
		return Preflight{}, err
	}
	if mine != nil {
		repeatOf = append(repeatOf, mine.ID)
	}
	release, held, err := s.Reviews.Release(ctx, actor, permit.Project, s.reviewFlags(v), 0, len(repeatOf))
	if err != nil {
		return Preflight{}, err
	}
	if held {
		// Near misses, and cells that repeat held ones, are known only once
		// the query has run.
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
		"any cell counting 0 to %d people is hidden, so that an empty cell and a small one look alike; %s", r.Threshold-1, released(r))}}
	for _, g := range q.GroupBy {
		col := s.column(g)
		switch col.GroupBy() {
		case catalogue.GroupByCategories, catalogue.GroupByBins:
			notes = append(notes, Note{Rule: string(disclosure.RulePrimary), Subject: g, Message: labelNote(col)})
		default:
			notes = append(notes, Note{Rule: string(disclosure.RuleOther), Subject: g, Message: fmt.Sprintf(
				"its categories come from the data (%s): a hidden cell never shows one; the hidden cells are gathered into an other row for the rest of their categories, itself hidden below the threshold", grouping(col))})
		}
		if col.Role == catalogue.RoleQuasiIdentifier {
			notes = append(notes, Note{Rule: string(disclosure.RulePrimary), Subject: g,
				Message: "a quasi-identifier: broken down by it, groups get small and are hidden more often"})
		}
	}
	if q.Totals && len(q.GroupBy) > 0 {
		notes = append(notes, Note{Rule: string(disclosure.RuleSecondary), Message: fmt.Sprintf(
			"totals are released as true totals (independent): more cells are hidden where needed so that every hidden count keeps an interval at least %g people wide whatever a reader subtracts", r.ProtectionLevel())})
	}
	if s.Ledger != nil {
		notes = append(notes, Note{Rule: string(disclosure.RuleDifferencing), Message: fmt.Sprintf(
			"a cell whose people, or whose contributions to a measure, differ from those of a cell given before to any of your projects by 1 to %d is withheld", r.Threshold-1)})
	}
	for _, m := range q.Measures {
		if m.Kind == query.Sum || m.Kind == query.Mean || m.Kind == query.Percentile {
			notes = append(notes, measureNotes(m, r)...)
		}
	}
	return notes
}

// labelNote says what a declared group-by column shows.
func labelNote(col catalogue.Column) string {
	if col.GroupBy() == catalogue.GroupByBins {
		return "grouped by the catalogue's bins; every bin is shown, hidden or not, and a missing value is the category \"\""
	}
	return "every category the catalogue declares is shown, hidden or not, and a missing value is the category \"\""
}

// grouping says how an open column is grouped.
func grouping(col catalogue.Column) string {
	if g := col.GroupBy(); g != catalogue.GroupByOpen {
		return "grouped by " + string(g)
	}
	return "a code known by its pattern"
}

// measureNotes are the warnings for one sum, mean or percentile.
func measureNotes(m query.Measure, r disclosure.Rules) []Note {
	subject := string(m.Kind) + "(" + m.Column + ")"
	msg := fmt.Sprintf("released only in cells where at least %d people have a value", r.Threshold)
	if m.Kind == query.Percentile {
		msg = fmt.Sprintf("released only in cells with at least %d people among the values on each side of it", r.Threshold)
	}
	notes := []Note{
		{Rule: string(disclosure.RuleMeasureThreshold), Subject: subject, Message: msg},
		{Rule: "noise", Subject: subject, Message: fmt.Sprintf("every person's values carry a fixed factor of %g to %g or %g to %g, the same in every answer, so no answer or combination of answers gives one person's value closer than %g%%; over many people the factors cancel. Sums are given to %d significant figures, means and percentiles to %d",
			1-disclosure.NoiseMax, 1-disclosure.NoiseMin, 1+disclosure.NoiseMin, 1+disclosure.NoiseMax, 100*disclosure.NoiseMin, disclosure.SumFigures, disclosure.MeasureFigures)},
	}
	if m.Kind == query.Mean {
		notes = append(notes, Note{Rule: "noise", Subject: subject, Message: "a mean is the released sum over the released count of its values, so it carries their rounding"})
	}
	return append(notes, magnitudeNotes(r.Magnitude, subject)...)
}

// column looks up a validated "dataset.column".
func (s *Service) column(ref string) catalogue.Column {
	ds, name, _ := strings.Cut(ref, ".")
	d, _ := s.cat.Dataset(ds)
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
