package colstore

import (
	"cmp"
	"math"
	"slices"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// cell is one cell's figures, gathered person by person.
type cell struct {
	labels   []int32
	people   int64
	events   int64
	keySum   int64
	members  []uint64
	measures []measureCell
	ranked   [][]float64 // each percentile's noisy values
}

// measureCell is one value measure's figures in a cell.
type measureCell struct {
	sum           float64 // of each contributor's total times their noise factor
	contributors  int64
	values        int64
	absSum        float64
	top           []float64
	contributions []uint64
	sides         [][2]float64 // each contributor's smallest and largest noisy value
}

func newCell(p *Plan, labels []int32) *cell {
	return &cell{labels: slices.Clone(labels), measures: make([]measureCell, len(p.Measures)), ranked: make([][]float64, len(p.Measures))}
}

// merge adds b's people, who come after c's, to c.
func (c *cell) merge(b *cell, top int) {
	c.people += b.people
	c.events += b.events
	c.keySum += b.keySum
	c.members = append(c.members, b.members...)
	for j := range c.measures {
		m, o := &c.measures[j], &b.measures[j]
		m.sum += o.sum
		m.contributors += o.contributors
		m.values += o.values
		m.absSum += o.absSum
		for _, x := range o.top {
			m.top = keepTop(m.top, x, top)
		}
		m.contributions = append(m.contributions, o.contributions...)
		m.sides = append(m.sides, o.sides...)
		c.ranked[j] = append(c.ranked[j], b.ranked[j]...)
	}
}

// ordered is a cell with its place in the SQL statements' ORDER BY.
type ordered struct {
	cell  disclosure.Cell
	order []int32
}

// results are the cells in the SQL statements' order, with the measures
// worked out: a cell ordered by its first dimension's total flag, then
// its label's rank (missing last), then the next dimension's.
func (a *accumulator) results(maxCells int) ([]disclosure.Cell, error) {
	p := a.p
	cells := make([]*cell, 0, len(a.seen))
	for _, id := range a.seen {
		cells = append(cells, a.cells[id])
	}
	if len(cells) == 0 && (len(p.Dims) == 0 || p.Totals) {
		// Without a breakdown, or with totals, SQL gives the grand total
		// even of no rows.
		labels := make([]int32, len(p.Dims))
		for d := range labels {
			labels[d] = total
		}
		cells = append(cells, newCell(p, labels))
	}
	if len(cells) > maxCells {
		return nil, ErrTooManyCells
	}
	sorted := make([]ordered, len(cells))
	for k, c := range cells {
		sorted[k] = ordered{cell: a.finish(c), order: a.orderOf(c.labels)}
	}
	slices.SortFunc(sorted, func(x, y ordered) int { return slices.Compare(x.order, y.order) })
	out := make([]disclosure.Cell, len(sorted))
	for k, o := range sorted {
		out[k] = o.cell
	}
	return out, nil
}

// orderOf is a cell's place: per dimension, its total flag, then its
// label's rank (missing after every label).
func (a *accumulator) orderOf(labels []int32) []int32 {
	out := make([]int32, 0, 2*len(labels))
	for d, l := range labels {
		switch l {
		case total:
			out = append(out, 1, 0)
		case missing:
			out = append(out, 0, math.MaxInt32)
		default:
			out = append(out, 0, a.p.Dims[d].Rank[l])
		}
	}
	return out
}

// finish turns a cell's figures into the cell disclosure control reads.
func (a *accumulator) finish(c *cell) disclosure.Cell {
	p := a.p
	out := disclosure.Cell{People: c.people}
	if slices.ContainsFunc(p.Measures, func(m Measure) bool { return m.Kind == Events }) {
		out.Events = c.events
	}
	for d, l := range c.labels {
		switch l {
		case total:
			out.Keys = append(out.Keys, disclosure.Key{Total: true})
		case missing:
			out.Keys = append(out.Keys, disclosure.Key{})
		default:
			out.Keys = append(out.Keys, disclosure.Key{Value: p.Dims[d].Labels[l]})
		}
	}
	// A cell of no one (the grand total of no rows) has none of the
	// figures SQL reads from its people.
	if p.Needs.CellKeys && c.people > 0 {
		k := uint8(c.keySum % 256)
		out.CellKey = &k
	}
	if p.Needs.Members {
		out.Members = c.members
		if out.Members == nil {
			out.Members = []uint64{}
		}
	}
	for j, m := range p.Measures {
		if !m.value() {
			continue
		}
		mc := c.measures[j]
		agg := disclosure.Aggregate{People: mc.contributors}
		switch m.Kind {
		case Sum:
			agg.Value = mc.sum
		case Mean:
			agg.Values = mc.values
			if mc.values > 0 {
				agg.Value = mc.sum / float64(mc.values)
			}
		case Percentile:
			agg.Value, agg.Sides = percentile(c.ranked[j], m.P, mc.sides)
		}
		if p.Needs.Top > 0 {
			agg.Top, agg.AbsSum = mc.top, mc.absSum
		}
		if p.Needs.Contributions && c.people > 0 {
			agg.Members = mc.contributions
			if agg.Members == nil {
				agg.Members = []uint64{}
			}
		}
		if c.people == 0 {
			agg.Sides = nil
		}
		out.Measures = append(out.Measures, agg)
	}
	return out
}

// percentile is PostgreSQL's percentile_cont(p) of values, and the people
// with a value below it and above it (from each one's smallest and
// largest value); 0 and no one when there are no values.
func percentile(values []float64, p float64, sides [][2]float64) (float64, *disclosure.Sides) {
	s := &disclosure.Sides{}
	if len(values) == 0 {
		return 0, s
	}
	slices.SortFunc(values, cmp.Compare[float64])
	at := p * float64(len(values)-1)
	first, second := math.Floor(at), math.Ceil(at)
	v := values[int(first)]
	if first != second {
		hi := values[int(second)]
		v = v + float64(float64(hi-v)*(at-first))
	}
	for _, lh := range sides {
		if lh[0] < v {
			s.Below++
		}
		if lh[1] > v {
			s.Above++
		}
	}
	return v, s
}
