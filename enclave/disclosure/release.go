package disclosure

import (
	"slices"
	"strconv"
)

// MeasureFigures is the number of significant figures means and percentiles
// are released to. At full precision a mean gives away its denominator:
// 6.136363636363637 is 135/22, so beside a count rounded to 45 it says that
// exactly 44 people contributed, the count rounding hides. Three figures
// leave many denominators possible and are as precise as a mean over tens of
// people deserves.
const MeasureFigures = 3

// significant rounds v to MeasureFigures significant figures.
func significant(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', MeasureFigures, 64), 64)
	return r
}

// result writes out the released table and the counts for the manifest.
func (a *application) result() *Result {
	res := &Result{
		Dimensions: slices.Clone(a.t.Dimensions),
		Measures:   slices.Clone(a.t.Measures),
		Rules:      a.r.clone(),
		Totals:     a.totals,
		Cells:      make([]Released, len(a.t.Cells)),
		Suppressed: map[Rule]int{RulePrimary: 0, RuleSecondary: 0, RuleTotalsSuppressed: 0},
		MeasuresSuppressed: map[Rule]int{
			RulePrimary: 0, RuleMeasureThreshold: 0, RuleSecondary: 0,
		},
	}
	if a.r.Dominance != nil {
		res.MeasuresSuppressed[RuleDominance] = 0
	}
	if a.r.PPercent != nil {
		res.MeasuresSuppressed[RulePPercent] = 0
	}
	for i, c := range a.t.Cells {
		out := &res.Cells[i]
		out.Keys = slices.Clone(c.Keys)
		if rule := a.cell[i]; rule != "" {
			out.Suppressed = rule
			res.Suppressed[rule]++
			continue
		}
		var people, events int64
		switch {
		case c.People == 0:
			res.Zeros++
		case a.margin(i) && a.totals == TotalsFromRounded:
			people, events, out.Partial = a.summed(i)
		default:
			people, events = a.counts(i)
		}
		out.People = new(people)
		if a.t.Events {
			out.Events = new(events)
		}
		if c.People == 0 {
			continue
		}
		out.Measures = make([]Value, len(a.t.Measures))
		for j, m := range a.t.Measures {
			switch rule := a.value[i][j]; {
			case rule != "":
				out.Measures[j].Suppressed = rule
				res.MeasuresSuppressed[rule]++
			case a.margin(i) && a.totals == TotalsFromRounded && m.Kind == KindSum:
				sum, partial := a.summedValue(i, j)
				out.Measures[j] = Value{Value: new(sum), Partial: partial}
			case m.Kind == KindSum:
				out.Measures[j].Value = new(c.Measures[j].Value)
			default:
				out.Measures[j].Value = new(significant(c.Measures[j].Value))
			}
		}
	}
	return res
}

// counts returns the counts of cell i as released on their own (not summed
// from the cells beneath). Under ModeCellKey, people and events get the same
// cell key, so that equal counts get equal releases (two noisy readings of
// one number would average towards it), and events are lifted to at least
// people, which other modes keep anyway.
func (a *application) counts(i int) (people, events int64) {
	c := a.t.Cells[i]
	people = a.r.released(c.People, c.key())
	if a.t.Events {
		events = max(a.r.released(c.Events, c.key()), people)
	}
	return people, events
}

// summed returns the counts of margin m under TotalsFromRounded: the sums
// of the released counts of the cells beneath it, and whether any of them is
// hidden.
func (a *application) summed(m int) (people, events int64, partial bool) {
	rel := a.g.beneath(m)
	if rel == nil {
		return 0, 0, false
	}
	for _, c := range rel.members {
		if a.cell[c] != "" {
			partial = true
			continue
		}
		p, e := a.counts(c)
		people += p
		events += e
	}
	return people, events, partial
}

// summedValue returns measure j of margin m under TotalsFromRounded: the sum
// of the released values beneath it, and whether any of them is hidden.
func (a *application) summedValue(m, j int) (sum float64, partial bool) {
	rel := a.g.beneath(m)
	if rel == nil {
		return 0, false
	}
	for _, c := range rel.members {
		switch {
		case a.t.Cells[c].People == 0:
		case a.cell[c] != "" || a.value[c][j] != "":
			partial = true
		default:
			sum += a.t.Cells[c].Measures[j].Value
		}
	}
	return sum, partial
}
