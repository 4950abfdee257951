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
	rule    Rule
}

// gather makes the other rows: one for every combination of declared
// categories in every grouping set where an open dimension is not a total
// (so that an empty one and a hidden one look alike), each holding the
// hidden cells with open categories that fall in it. An other row is hidden
// below the threshold, asked about like any cell about to be released, and
// hidden too (RuleSecondary) if releasing it would let a reader narrow a
// protected cell: it is one more relation, the row against the cells it
// gathers.
func (a *application) gather(ctx context.Context, withhold func([]Candidate) ([]int, error)) error {
	a.others = a.otherRows()
	thr := int64(a.r.Threshold)
	var cands []Candidate
	var at []int
	for k := range a.others {
		o := &a.others[k]
		o.count(a.t.Cells)
		switch {
		case o.people < thr && (o.people > 0 || thr > 1):
			o.rule = RulePrimary
		case o.people > 0:
			cands = append(cands, Candidate{Keys: o.keys, Members: o.members})
			at = append(at, k)
		}
	}
	if withhold != nil && len(cands) > 0 {
		out, err := withhold(cands)
		if err != nil {
			return err
		}
		for _, k := range out {
			a.others[at[k]].rule = RuleDifferencing
		}
	}
	var rels []relation
	if a.totals == TotalsIndependent {
		rels = slices.Clone(a.g.rels)
	}
	n := len(a.t.Cells)
	for k := range a.others {
		o := &a.others[k]
		if o.rule != "" || o.people == 0 || len(o.cells) == 0 {
			continue
		}
		try := append(slices.Clone(rels), relation{margin: n + k, members: o.cells})
		cnt := a.counts(n+len(a.others), try)
		hidden := make([]bool, n+len(a.others))
		for i := range hidden {
			_, _, _, rule := a.countsOf(i)
			hidden[i] = rule != ""
		}
		failing, err := cnt.failing(ctx, hidden)
		if err != nil {
			return err
		}
		if len(failing) > 0 {
			o.rule = RuleSecondary
			continue
		}
		rels = try
		a.otherRels = append(a.otherRels, try[len(try)-1])
	}
	return nil
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

// count adds up the row's cells: events and cell keys add, and people are
// the distinct members when every cell has its members (a person can be in
// several cells of an event-level dimension), else the sum, exact for an
// additive table.
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
		o.people = int64(distinct(o.members))
	}
	if keyed && o.people > 0 {
		o.key = &key
	}
}

// distinct counts the distinct values of keys.
func distinct(keys []uint64) int {
	s := slices.Clone(keys)
	slices.Sort(s)
	return len(slices.Compact(s))
}
