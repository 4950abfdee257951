package disclosure

import (
	"context"
	"slices"
)

// other is an other row: the hidden cells of a table with an open dimension
// that agree on every declared dimension and on which dimensions are totals,
// gathered without their open categories.
type other struct {
	keys    []Key // Key.Other in every open dimension that is not a total
	cells   []int // the hidden cells gathered
	people  int64
	events  int64
	key     *uint8
	members []uint64
	// rule is RuleOther when the row is hidden, whatever hid it: a reader
	// learns nothing of its size from that, so its count is bounded only by
	// what the released cells around it say.
	rule Rule
	// small marks a row hidden for its own sake: below the threshold, or
	// withheld by Options.Withhold. Its count is protected like a cell's.
	small bool
}

// gather makes the other rows: one for every combination of declared
// categories in every grouping set where an open dimension is not a total
// (so that an empty one and a hidden one look alike), each holding the
// hidden cells with open categories that fall in it. An other row is hidden
// below the threshold, asked about like any cell about to be released, and
// hidden too if releasing it would let a reader narrow a protected cell (it
// is one more relation: the row against the cells it gathers). A hidden
// other row's count, which a reader can work out from the margins and the
// released cells beside it, is protected too where it is small: while it is
// not, more cells are hidden, and the rows gathered again.
func (a *application) gather(ctx context.Context, withhold func([]Candidate) ([]Withheld, error)) error {
	n := len(a.t.Cells)
	hidden := make([]bool, n)
	size := make([]int64, n)
	for i, c := range a.t.Cells {
		hidden[i], size[i] = a.cell[i] != "", c.People
	}
	p := newProtector(a.g, hidden, size)
	for range n + 1 {
		a.others = a.otherRows()
		if err := a.releaseOthers(ctx, withhold); err != nil {
			return err
		}
		failing, err := a.audit(ctx, a.otherRelations(true))
		if err != nil {
			return err
		}
		if len(failing) == 0 {
			return nil
		}
		hid := false
		for _, f := range failing {
			near := []int{f}
			if f >= n {
				near = a.others[f-n].cells
			}
			var cands []int
			for _, c := range near {
				for _, r := range a.g.of[c] {
					cands = append(cands, p.cells(r)...)
				}
			}
			if c := p.best(cands, 0); c >= 0 {
				p.hide(c)
				a.cell[c] = RuleSecondary
				hid = true
			}
		}
		if !hid {
			return ErrDerivable
		}
	}
	return ErrDerivable
}

// releaseOthers decides which other rows are released: those that pass the
// threshold, that Options.Withhold lets through, and whose relation narrows
// no protected cell, tried one at a time.
func (a *application) releaseOthers(ctx context.Context, withhold func([]Candidate) ([]Withheld, error)) error {
	n := len(a.t.Cells)
	thr := int64(a.r.Threshold)
	var cands []Candidate
	var at []int
	for k := range a.others {
		o := &a.others[k]
		o.count(a.t.Cells)
		switch {
		case o.people < thr && (o.people > 0 || thr > 1):
			o.rule, o.small = RuleOther, true
		case o.people > 0:
			cands = append(cands, Candidate{Keys: o.keys, Members: o.members})
			at = append(at, k)
		}
	}
	out, err := a.ask(withhold, cands)
	if err != nil {
		return err
	}
	for _, w := range out {
		o := &a.others[at[w.Candidate]]
		o.rule, o.small = RuleOther, true
		a.closest[n+at[w.Candidate]] = w.Closest
	}
	for k := range a.others {
		o := &a.others[k]
		if o.rule != "" || o.people == 0 || len(o.cells) == 0 {
			continue
		}
		o.rule = RuleOther // while it is tried: the rows not yet tried are hidden
		failing, err := a.auditWith(ctx, k)
		if err != nil {
			return err
		}
		if len(failing) == 0 {
			o.rule = ""
		}
	}
	return nil
}

// auditWith audits the table with other row k released beside the rows
// released before it.
func (a *application) auditWith(ctx context.Context, k int) ([]int, error) {
	a.others[k].rule = ""
	defer func() { a.others[k].rule = RuleOther }()
	return a.audit(ctx, a.otherRelations(false))
}

// audit runs the count audit over the cells and the other rows, with the
// grid's relations and rels.
func (a *application) audit(ctx context.Context, rels []relation) ([]int, error) {
	n := len(a.t.Cells) + len(a.others)
	cnt := a.counts(n, append(slices.Clone(a.g.rels), rels...))
	hidden := make([]bool, n)
	for i := range hidden {
		_, _, _, rule := a.countsOf(i)
		hidden[i] = rule != ""
	}
	return cnt.failing(ctx, hidden)
}

// otherRelations are the relations of the other rows against the cells
// they gather: of the released rows, and with all of the hidden ones too
// (whose counts a reader bounds only through the cells around them).
func (a *application) otherRelations(all bool) []relation {
	var rels []relation
	for k, o := range a.others {
		if len(o.cells) > 0 && (all || o.rule == "") {
			rels = append(rels, relation{margin: len(a.t.Cells) + k, members: o.cells})
		}
	}
	return rels
}

// otherRows lists the other rows with the hidden cells each gathers.
func (a *application) otherRows() []other {
	var open uint16
	for d, dom := range a.t.Domains {
		if dom.Open {
			open |= 1 << d
		}
	}
	categories := make([][]string, len(a.t.Dimensions))
	for d := range a.t.Dimensions {
		categories[d] = a.t.declared(d)
	}
	var rows []other
	index := map[string]int{}
	sets := []uint16{0}
	if a.g.hasMargins() {
		for m := uint16(1); m < 1<<len(a.t.Dimensions); m++ {
			sets = append(sets, m)
		}
	}
	for _, mask := range sets {
		if open&^mask == 0 {
			continue // every open dimension is a total: its cells show no open category
		}
		for _, keys := range product(categories, mask|open, a.t.Domains) {
			for d := range keys {
				if open&^mask&(1<<d) != 0 {
					keys[d] = Key{Other: true}
				}
			}
			index[keyOf(keys)] = len(rows)
			rows = append(rows, other{keys: keys})
		}
	}
	for i, c := range a.t.Cells {
		if a.cell[i] == "" || !a.showsOpen(c.Keys) {
			continue
		}
		k, ok := index[keyOf(a.otherKeys(c.Keys))]
		if !ok {
			continue // a category outside the declared ones: cannot happen after enumerate
		}
		rows[k].cells = append(rows[k].cells, i)
	}
	return rows
}

// showsOpen reports whether keys hold a category of an open dimension.
func (a *application) showsOpen(keys []Key) bool {
	for d, k := range keys {
		if a.t.domain(d).Open && !k.Total {
			return true
		}
	}
	return false
}

// otherKeys are the keys of the other row that a hidden cell with keys
// falls in.
func (a *application) otherKeys(keys []Key) []Key {
	out := slices.Clone(keys)
	for d, k := range keys {
		if a.t.domain(d).Open && !k.Total {
			out[d] = Key{Other: true}
		}
	}
	return out
}

// count adds up the row's cells. People are the distinct members when
// every cell has its members (a person can be in several cells of an
// event-level dimension), else the sum, exact for an additive table; the
// cell key is then the sum, modulo 256, of a byte of each distinct member
// (keyed HMAC output, as the record keys are), so that the same people make
// the same key however they were gathered. Events add up, which overstates
// them where a row can fall in several cells: an other row releases no
// events.
func (o *other) count(cells []Cell) {
	var sum int64
	keyed, known := true, true
	var key uint8
	for _, i := range o.cells {
		c := cells[i]
		sum += c.People
		o.events += c.Events
		o.members = append(o.members, c.Members...)
		if c.CellKey == nil && c.People > 0 {
			keyed = false
		}
		key += c.key()
		if c.Members == nil && c.People > 0 {
			known = false
		}
	}
	o.people = sum
	if known {
		people := distinct(o.members)
		o.people = int64(len(people))
		key = 0
		for _, m := range people {
			key += uint8(m)
		}
	}
	if keyed && o.people > 0 {
		o.key = &key
	}
}

// distinct returns the distinct values of keys, sorted.
func distinct(keys []uint64) []uint64 {
	s := slices.Clone(keys)
	slices.Sort(s)
	return slices.Compact(s)
}
