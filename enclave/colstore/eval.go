package colstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// ErrTooManyCells is Evaluate's error when the answer has more cells than
// allowed.
var ErrTooManyCells = errors.New("colstore: too many cells")

// Evaluate answers plan person by person, with as many workers as the
// machine has cores, each over its own range of the base's people. A
// person's rows in every source are joined, filtered and put in their
// cells (with every margin when the plan asks for totals); then each cell
// the person is in counts them once, with their events, their
// contribution to each value measure and what protection needs of it.
// It gives the cells PostgreSQL's statements give for the same query, in
// the same order (cells.go), ErrTooManyCells beyond maxCells, and ctx's
// error once ctx ends. The plan must fit (Plan.Fits).
func Evaluate(ctx context.Context, p *Plan, maxCells int) ([]disclosure.Cell, error) {
	if !p.Fits() {
		return nil, errors.New("colstore: the plan's cells do not fit a cell id")
	}
	people := len(p.Sources[0].Table.People)
	workers := max(1, min(runtime.GOMAXPROCS(0), people/50000))
	parts := make([]*accumulator, workers)
	errs := make([]error, workers)
	// A worker that fails stops the others.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[w] = fmt.Errorf("colstore: %v", r)
				}
				if errs[w] != nil {
					stop()
				}
			}()
			a := newAccumulator(p)
			parts[w] = a
			for i := w * people / workers; i < (w+1)*people/workers; i++ {
				if i%4096 == 0 {
					if errs[w] = ctx.Err(); errs[w] != nil {
						return
					}
				}
				a.person(i)
				if len(a.cells) > maxCells {
					errs[w] = ErrTooManyCells
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if errors.Is(err, ErrTooManyCells) {
			return nil, ErrTooManyCells
		}
		return nil, err
	}
	all := parts[0]
	for _, a := range parts[1:] {
		all.merge(a)
	}
	return all.results(maxCells)
}

// accumulator gathers cells from a range of the base's people.
type accumulator struct {
	p      *Plan
	stride []uint64 // each dimension's place in a cell id
	masks  []uint8  // the margins each row is counted in: 0 alone without totals
	cells  map[uint64]*cell
	seen   []uint64 // cells in order of first sight, so that merging is deterministic
	// scratch, reused from person to person
	passing [][]int32    // each source's rows of the person that pass its conditions
	tuples  []int32      // the person's distinct rows: a label per dimension, then the measured row
	sorted  []int32      // distinct's scratch
	order   []int32      // distinct's scratch
	own     []personCell // the person's cells
	joined  bool
	labels  []int32 // a tuple's labels in one margin
	rows    []int32 // a combination's row of each source
}

// personCell is one person's figures in one cell.
type personCell struct {
	id     uint64
	labels []int32
	events int64
	rows   []int32 // the measured rows counted, when a join can repeat one
	sums   []float64
	has    []bool
	values []int64
	lo, hi []float64 // the smallest and largest noisy value, for percentiles
}

func newAccumulator(p *Plan) *accumulator {
	a := &accumulator{p: p, cells: map[uint64]*cell{}, joined: len(p.Sources) > 1}
	s := uint64(1)
	for _, d := range p.Dims {
		a.stride = append(a.stride, s)
		s *= uint64(len(d.Labels) + 2)
	}
	if p.Totals {
		for m := range 1 << len(p.Dims) {
			a.masks = append(a.masks, uint8(m))
		}
	} else {
		a.masks = []uint8{0}
	}
	a.passing = make([][]int32, len(p.Sources))
	a.labels, a.rows = make([]int32, len(p.Dims)), make([]int32, len(p.Sources))
	return a
}

// person puts the base's person i into their cells.
func (a *accumulator) person(i int) {
	p := a.p
	if p.Permitted != nil && !p.Permitted[i] || p.InCohort != nil && !p.InCohort[i] {
		return
	}
	for s, src := range p.Sources {
		who := i
		if src.Match != nil {
			if who = int(src.Match[i]); who < 0 {
				return
			}
		}
		a.passing[s] = src.passing(a.passing[s][:0], who)
		if len(a.passing[s]) == 0 {
			return
		}
	}
	a.tuples = a.tuples[:0]
	a.combine(0, a.rows)
	width := len(p.Dims) + 1
	if a.joined && p.Measured >= 0 {
		a.distinct(width)
	}
	a.own = a.own[:0]
	labels := a.labels
	for t := 0; t < len(a.tuples); t += width {
		row := a.tuples[t+width-1]
		for _, m := range a.masks {
			for d := range labels {
				labels[d] = a.tuples[t+d]
				if m&(1<<d) != 0 {
					labels[d] = total
				}
			}
			a.add(a.cellOf(labels), row, i)
		}
	}
	a.flush(i)
}

// A label's value for the missing category, and in a margin, where the
// dimension is summed over.
const (
	missing = -1
	total   = -2
)

// combine lists, from source s on, every combination of the person's
// passing rows (the join), each as a tuple of labels and measured row.
func (a *accumulator) combine(s int, rows []int32) {
	p := a.p
	if s == len(p.Sources) {
		for _, d := range p.Dims {
			a.tuples = append(a.tuples, d.Label[d.Column.Codes[rows[d.Source]]])
		}
		row := int32(-1)
		if p.Measured >= 0 {
			row = rows[p.Measured]
		}
		a.tuples = append(a.tuples, row)
		return
	}
	for _, r := range a.passing[s] {
		rows[s] = r
		a.combine(s+1, rows)
	}
}

// distinct sorts the person's tuples (of width values each) and drops
// repeats: a join repeats a measured row once for each row of another
// source it meets.
func (a *accumulator) distinct(width int) {
	tuples := a.tuples
	n := len(tuples) / width
	if n < 2 {
		return
	}
	a.order = a.order[:0]
	for i := range n {
		a.order = append(a.order, int32(i*width))
	}
	tuple := func(at int32) []int32 { return tuples[at : int(at)+width] }
	slices.SortFunc(a.order, func(x, y int32) int { return slices.Compare(tuple(x), tuple(y)) })
	a.sorted = a.sorted[:0]
	for k, at := range a.order {
		if k > 0 && slices.Equal(tuple(at), tuple(a.order[k-1])) {
			continue
		}
		a.sorted = append(a.sorted, tuple(at)...)
	}
	a.tuples, a.sorted = a.sorted, a.tuples
}

// passing appends to out the rows of person who that meet every condition.
func (src Source) passing(out []int32, who int) []int32 {
	from, to := src.Table.rows(who)
rows:
	for r := from; r < to; r++ {
		for _, c := range src.Conds {
			if !c.Pass[c.Column.Codes[r]] {
				continue rows
			}
		}
		out = append(out, int32(r))
	}
	return out
}

// cellOf returns the person's figures in the cell with labels, new when
// the person is not yet in it.
func (a *accumulator) cellOf(labels []int32) *personCell {
	var id uint64
	for d, l := range labels {
		id += a.stride[d] * uint64(a.code(d, l))
	}
	for k := range a.own {
		if a.own[k].id == id {
			return &a.own[k]
		}
	}
	// The person's cells reuse the slices of earlier people's.
	if len(a.own) < cap(a.own) {
		a.own = a.own[:len(a.own)+1]
	} else {
		a.own = append(a.own, personCell{})
	}
	pc := &a.own[len(a.own)-1]
	if n := len(a.p.Measures); pc.sums == nil && n > 0 {
		pc.sums, pc.has, pc.values, pc.lo, pc.hi = make([]float64, n), make([]bool, n), make([]int64, n), make([]float64, n), make([]float64, n)
	}
	pc.id, pc.labels, pc.events, pc.rows = id, append(pc.labels[:0], labels...), 0, pc.rows[:0]
	clear(pc.sums)
	clear(pc.has)
	clear(pc.values)
	return pc
}

// code is a label's digit in a cell id: the label, then missing, then total.
func (a *accumulator) code(d int, l int32) int {
	switch l {
	case missing:
		return len(a.p.Dims[d].Labels)
	case total:
		return len(a.p.Dims[d].Labels) + 1
	}
	return int(l)
}

// add counts the measured row (-1 when there is none) of person i in pc.
func (a *accumulator) add(pc *personCell, row int32, i int) {
	if row < 0 {
		return
	}
	// A margin of a join can meet one measured row twice, with two values
	// of another source's column: it is one event, but SQL's sums add each
	// of its tuples, and so do these.
	event := !a.joined || !slices.Contains(pc.rows, row)
	if a.joined && event {
		pc.rows = append(pc.rows, row)
	}
	a.measure(pc, row, i, event)
}

// measure adds the measured row's values to pc, and counts it as an event
// when event is set.
func (a *accumulator) measure(pc *personCell, row int32, i int, event bool) {
	if event {
		pc.events++
	}
	for j, m := range a.p.Measures {
		if !m.value() {
			continue
		}
		c := m.Column.Codes[row]
		if c == 0 {
			continue
		}
		x := m.Value[c]
		if m.Kind == Percentile {
			v := noisy(x, Factor(a.pid(i), m.NoiseByte))
			if !pc.has[j] || v < pc.lo[j] {
				pc.lo[j] = v
			}
			if !pc.has[j] || v > pc.hi[j] {
				pc.hi[j] = v
			}
			cl := a.cell(pc)
			cl.ranked[j] = append(cl.ranked[j], v)
		}
		pc.sums[j] += x
		pc.has[j] = true
		pc.values[j]++
	}
}

// pid is the pseudonym of the base's person i.
func (a *accumulator) pid(i int) *Pseudonym { return &a.p.Sources[0].Table.People[i] }

// cell returns the accumulator's cell of pc, new when it has none yet.
func (a *accumulator) cell(pc *personCell) *cell {
	c, ok := a.cells[pc.id]
	if !ok {
		c = newCell(a.p, pc.labels)
		a.cells[pc.id] = c
		a.seen = append(a.seen, pc.id)
	}
	return c
}

// flush counts person i once in each cell they are in.
func (a *accumulator) flush(i int) {
	pid := a.pid(i)
	for k := range a.own {
		pc := &a.own[k]
		c := a.cell(pc)
		c.people++
		c.events += pc.events
		c.keySum += int64(pid[PseudonymSize-1])
		if a.p.Needs.Members {
			c.members = append(c.members, memberKey(pid))
		}
		for j, m := range a.p.Measures {
			if !m.value() || !pc.has[j] {
				continue
			}
			mc := &c.measures[j]
			x := pc.sums[j]
			mc.contributors++
			mc.values += pc.values[j]
			mc.sum += noisy(x, Factor(pid, m.NoiseByte))
			mc.absSum += math.Abs(x)
			mc.top = keepTop(mc.top, math.Abs(x), a.p.Needs.Top)
			if a.p.Needs.Contributions {
				mc.contributions = append(mc.contributions, contributionKey(pid, x, m.Seed))
			}
			if m.Kind == Percentile {
				mc.sides = append(mc.sides, [2]float64{pc.lo[j], pc.hi[j]})
			}
		}
	}
}

// keepTop adds x to top, the k largest values so far, largest first.
func keepTop(top []float64, x float64, k int) []float64 {
	if k <= 0 || len(top) == k && x <= top[k-1] {
		return top
	}
	at, _ := slices.BinarySearchFunc(top, x, func(e, t float64) int {
		switch {
		case e > t:
			return -1
		case e < t:
			return 1
		}
		return 0
	})
	top = slices.Insert(top, at, x)
	if len(top) > k {
		top = top[:k]
	}
	return top
}

// merge adds b's cells to a's; b's people come after a's.
func (a *accumulator) merge(b *accumulator) {
	for _, id := range b.seen {
		bc := b.cells[id]
		c, ok := a.cells[id]
		if !ok {
			a.cells[id] = bc
			a.seen = append(a.seen, id)
			continue
		}
		c.merge(bc, a.p.Needs.Top)
	}
}
