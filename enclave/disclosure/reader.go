package disclosure

import (
	"math"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// counts builds the count audit of the first n cells (the grid's, then any
// other rows) under relations rels: the people of each cell, its events when
// the table counts them, and the number of values of each mean, which a
// mean released beside its sum gives away (the sum over the mean).
func (a *application) counts(n int, rels []relation) *counts {
	c := &counts{rels: rels, prune: a.g.needed, need: make([]float64, n), sure: make([]bool, n), lim: lp.Limits{}}
	people := quantity{truth: make([]float64, n), atLeast: -1, atMost: -1, bounds: a.peopleBounds}
	for i := range n {
		p, _, _, _ := a.countsOf(i)
		people.truth[i] = float64(p)
		if a.sensitive(i) {
			c.need[i] = a.r.ProtectionLevel()
		}
	}
	c.quantities = append(c.quantities, people)
	events := -1
	if a.t.Events {
		q := quantity{truth: make([]float64, n), atLeast: 0, atMost: -1, bounds: a.eventsBounds}
		for i := range n {
			_, e, _, _ := a.countsOf(i)
			q.truth[i] = float64(e)
		}
		events = len(c.quantities)
		c.quantities = append(c.quantities, q)
	}
	for j, m := range a.t.Measures {
		if m.Kind != KindMean {
			continue
		}
		q := quantity{truth: make([]float64, n), atLeast: -1, atMost: events, bounds: a.valuesBounds(j)}
		for i := range n {
			q.truth[i] = float64(a.valuesOf(i, j))
		}
		c.quantities = append(c.quantities, q)
	}
	return c
}

// peopleBounds returns what a reader knows of the people of cell i (an
// other row past the grid's cells): from the rule that hid it, or from the
// released count the rounding or perturbation could have come from. A
// margin released as a sum of cells (or not at all) says nothing of its own.
// A cell withheld for being close to an earlier one of known size is within
// threshold-1 of it: on the side the truth is, as if the reader knew which.
func (a *application) peopleBounds(i int, hidden bool) [2]float64 {
	thr := float64(a.r.Threshold)
	inf := math.Inf(1)
	p, _, key, rule := a.countsOf(i)
	switch {
	case a.selfless(i), hidden && i >= len(a.t.Cells):
		return [2]float64{0, inf} // a hidden other row says nothing of its size
	case hidden && rule == RulePrimary:
		return [2]float64{0, thr - 1}
	case hidden && (rule == RuleTotalsSuppressed || rule == RuleIncomplete):
		return [2]float64{0, inf}
	case hidden && rule == RuleDifferencing && a.closest[i] >= 0:
		c := float64(a.closest[i])
		switch {
		case float64(p) > c:
			return [2]float64{max(thr, c+1), c + thr - 1}
		case float64(p) < c:
			return [2]float64{max(thr, c-thr+1), c - 1}
		}
		return [2]float64{max(thr, c-thr+1), c + thr - 1}
	case hidden:
		return [2]float64{thr, inf}
	}
	lo, hi := a.r.preimage(a.r.released(p, key))
	return [2]float64{float64(lo), float64(hi)}
}

// eventsBounds returns what a reader knows of the events of cell i: an
// other row releases none.
func (a *application) eventsBounds(i int, hidden bool) [2]float64 {
	inf := math.Inf(1)
	p, e, key, _ := a.countsOf(i)
	if hidden || a.selfless(i) || i >= len(a.t.Cells) {
		return [2]float64{0, inf}
	}
	rp := a.r.released(p, key)
	if re := max(a.r.released(e, key), rp); re > rp {
		lo, hi := a.r.preimage(re)
		return [2]float64{float64(lo), float64(hi)}
	}
	lo, hi := a.r.preimage(rp)
	return [2]float64{float64(lo), float64(hi)}
}

// valuesBounds returns, for mean j, what a reader knows of a cell's number
// of values: the released count the mean was divided by, where the mean is
// released.
func (a *application) valuesBounds(j int) func(int, bool) [2]float64 {
	return func(i int, hidden bool) [2]float64 {
		inf := math.Inf(1)
		if hidden || a.selfless(i) || i >= len(a.t.Cells) || a.value[i][j] != "" || a.t.Cells[i].People == 0 {
			return [2]float64{0, inf}
		}
		c := a.t.Cells[i]
		lo, hi := a.r.preimage(a.r.released(c.Measures[j].Values, c.key()))
		return [2]float64{float64(lo), float64(hi)}
	}
}

// sensitive reports whether cell i (an other row past the grid's cells) is
// hidden for its own sake: its count must keep its protection interval.
func (a *application) sensitive(i int) bool {
	if i < len(a.t.Cells) {
		return a.cell[i] == RulePrimary || a.cell[i] == RuleDifferencing
	}
	return a.others[i-len(a.t.Cells)].small
}

// selfless reports whether cell i is a margin that releases nothing of its
// own: summed from the cells beneath it, or not released.
func (a *application) selfless(i int) bool {
	return i < len(a.t.Cells) && a.margin(i) && a.totals != TotalsIndependent
}

// countsOf returns the true counts of cell i (an other row past the grid's
// cells), its key and why it is hidden.
func (a *application) countsOf(i int) (people, events int64, key uint8, rule Rule) {
	if i < len(a.t.Cells) {
		c := a.t.Cells[i]
		return c.People, c.Events, c.key(), a.cell[i]
	}
	o := a.others[i-len(a.t.Cells)]
	if o.key != nil {
		key = *o.key
	}
	return o.people, o.events, key, o.rule
}

// valuesOf returns the number of values of mean j in cell i.
func (a *application) valuesOf(i, j int) int64 {
	if i < len(a.t.Cells) {
		return a.t.Cells[i].Measures[j].Values
	}
	var n int64
	for _, c := range a.others[i-len(a.t.Cells)].cells {
		n += a.t.Cells[c].Measures[j].Values
	}
	return n
}
