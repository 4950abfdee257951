package disclosure

import (
	"slices"
	"strconv"
)

// MeasureFigures is the number of significant figures means and percentiles
// are released to, and SumFigures that of sums. Released sums carry the
// query engine's noise (docs/disclosure.md), so more figures would only
// pretend to a precision they do not have; a mean is the released sum over
// the released count of values, so it gives away nothing they do not.
const (
	MeasureFigures = 3
	SumFigures     = 4
)

// significant rounds v to n significant figures.
func significant(v float64, n int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	return r
}

// shown is one cell of the result being written, with the people behind it
// and the contributions behind its released values.
type shown struct {
	out     Released
	members []uint64
	values  [][]uint64
}

// result writes out the released table and the counts for the manifest.
// Hidden cells with an open category are not shown: their other row stands
// for them, and they are not counted among the hidden cells, whose number
// would say how many rare categories there are.
func (a *application) result() *Result {
	res := &Result{
		Dimensions: slices.Clone(a.t.Dimensions),
		Measures:   slices.Clone(a.t.Measures),
		Rules:      a.r.clone(),
		Totals:     a.totals,
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
	if a.totals == TotalsFromRounded {
		res.Suppressed[RuleIncomplete] = 0
		res.MeasuresSuppressed[RuleIncomplete] = 0
	}
	if a.t.hasOpen() {
		res.Suppressed[RuleOther] = 0
		res.MeasuresSuppressed[RuleOther] = 0
	}
	var rows []shown
	for i, c := range a.t.Cells {
		if a.cell[i] != "" && a.showsOpen(c.Keys) {
			continue
		}
		rows = append(rows, a.shownCell(res, i))
	}
	for _, o := range a.others {
		rows = append(rows, a.shownOther(res, o))
	}
	if len(a.t.Domains) > 0 {
		slices.SortStableFunc(rows, func(x, y shown) int { return a.t.compareKeys(x.out.Keys, y.out.Keys) })
	}
	for _, r := range rows {
		res.Cells = append(res.Cells, r.out)
		res.members = append(res.members, r.members)
		res.values = append(res.values, r.values)
	}
	if res.Cells == nil {
		res.Cells = []Released{}
	}
	return res
}

// shownCell writes cell i.
func (a *application) shownCell(res *Result, i int) shown {
	c := a.t.Cells[i]
	out := Released{Keys: slices.Clone(c.Keys)}
	if rule := a.cell[i]; rule != "" {
		out.Suppressed = rule
		res.Suppressed[rule]++
		return shown{out: out}
	}
	var people, events int64
	switch {
	case c.People == 0:
		res.Zeros++
	case a.margin(i) && a.totals == TotalsFromRounded:
		people, events = a.summed(i)
	default:
		people, events = a.releasedCounts(i)
	}
	out.People = new(people)
	if a.t.Events {
		out.Events = new(events)
	}
	if c.People == 0 {
		return shown{out: out}
	}
	out.Measures = make([]Value, len(a.t.Measures))
	values := make([][]uint64, len(a.t.Measures))
	for j, m := range a.t.Measures {
		switch rule := a.value[i][j]; {
		case rule != "":
			out.Measures[j].Suppressed = rule
			res.MeasuresSuppressed[rule]++
		case a.margin(i) && a.totals == TotalsFromRounded && m.Kind == KindSum:
			out.Measures[j].Value = new(significant(a.summedValue(i, j), SumFigures))
		default:
			out.Measures[j].Value = new(a.measure(c, j))
			values[j] = c.Measures[j].Members
		}
	}
	return shown{out: out, members: c.Members, values: values}
}

// measure is measure j of cell c as released: a sum to SumFigures, a mean as
// that sum over the released count of values, to MeasureFigures, and a
// percentile to MeasureFigures.
func (a *application) measure(c Cell, j int) float64 {
	v := c.Measures[j]
	switch a.t.Measures[j].Kind {
	case KindSum:
		return significant(v.Value, SumFigures)
	case KindMean:
		n := a.r.released(v.Values, c.key())
		return significant(significant(v.Value*float64(v.Values), SumFigures)/float64(n), MeasureFigures)
	}
	return significant(v.Value, MeasureFigures)
}

// shownOther writes an other row: its people only. Its measures are never
// released (it gathers cells whose own measures were hidden with them), nor
// its events (a row of the data can be in several of the cells it gathers).
func (a *application) shownOther(res *Result, o other) shown {
	out := Released{Keys: slices.Clone(o.keys)}
	if o.rule != "" {
		out.Suppressed = o.rule
		res.Suppressed[o.rule]++
		return shown{out: out}
	}
	var key uint8
	if o.key != nil {
		key = *o.key
	}
	out.People = new(a.r.released(o.people, key))
	if o.people == 0 {
		res.Zeros++
		return shown{out: out}
	}
	out.Measures = make([]Value, len(a.t.Measures))
	for j := range out.Measures {
		out.Measures[j].Suppressed = RuleOther
		res.MeasuresSuppressed[RuleOther]++
	}
	return shown{out: out, members: o.members}
}

// releasedCounts returns the counts of cell i as released on their own (not summed
// from the cells beneath). Under ModeCellKey, people and events get the same
// cell key, so that equal counts get equal releases (two noisy readings of
// one number would average towards it), and events are lifted to at least
// people, which other modes keep anyway.
func (a *application) releasedCounts(i int) (people, events int64) {
	c := a.t.Cells[i]
	people = a.r.released(c.People, c.key())
	if a.t.Events {
		events = max(a.r.released(c.Events, c.key()), people)
	}
	return people, events
}

// summed returns the counts of margin m under TotalsFromRounded: the sums
// of the released counts of the cells beneath it, none of them hidden
// (incomplete hid the margins above a hidden cell).
func (a *application) summed(m int) (people, events int64) {
	rel := a.g.beneath(m)
	if rel == nil {
		return 0, 0
	}
	for _, c := range rel.members {
		p, e := a.releasedCounts(c)
		people += p
		events += e
	}
	return people, events
}

// summedValue returns measure j of margin m under TotalsFromRounded: the sum
// of the released values beneath it.
func (a *application) summedValue(m, j int) float64 {
	rel := a.g.beneath(m)
	if rel == nil {
		return 0
	}
	var sum float64
	for _, c := range rel.members {
		if a.t.Cells[c].People > 0 {
			sum += a.measure(a.t.Cells[c], j)
		}
	}
	return sum
}
