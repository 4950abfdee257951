package disclosure

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Domain says how the categories of one dimension are known, which decides
// what a hidden cell may show. A label is data too: a hidden cell labelled
// with a date or a reading says that someone in the group has it.
type Domain struct {
	// Categories, when set, are every category the dimension can take, as
	// the catalogue declares them (listed values, booleans, bins, and "" for
	// a missing value), in the order results show them. Apply adds every
	// combination missing from the table as a cell of no one, hidden like
	// any count below the threshold, so that a hidden cell and an empty one
	// look alike.
	Categories []string `json:"categories,omitempty"`
	// Open says the dimension's categories are data-driven (a code known
	// only by its pattern, a date): one exists in the result only because
	// someone in the data has it. A hidden cell never shows an open
	// category: it is gathered, with the other hidden cells that agree with
	// it on every declared dimension, into that combination's other row
	// (Key.Other), which is itself protected.
	Open bool `json:"open,omitempty"`
}

// domain returns t's domain of dimension d: declared with the categories
// present when the table says nothing.
func (t Table) domain(d int) Domain {
	if d < len(t.Domains) {
		return t.Domains[d]
	}
	return Domain{}
}

// hasOpen reports whether any dimension of t is open.
func (t Table) hasOpen() bool {
	return slices.ContainsFunc(t.Domains, func(d Domain) bool { return d.Open })
}

// enumerate returns t with a cell of no one for every combination of
// declared categories it lacks, in every grouping set whose open dimensions
// are all totals (cells with an open category are never enumerated: an
// absent one and a gathered one look alike anyway), sorted by keys. A table
// without domains is returned as it is.
func enumerate(t Table) (Table, error) {
	if len(t.Domains) == 0 {
		return t, nil
	}
	if len(t.Domains) != len(t.Dimensions) {
		return Table{}, fmt.Errorf("%w: %d domains for %d dimensions", ErrTable, len(t.Domains), len(t.Dimensions))
	}
	for d, dom := range t.Domains {
		if dom.Open && len(dom.Categories) > 0 {
			return Table{}, fmt.Errorf("%w: dimension %d is open and lists categories", ErrTable, d)
		}
	}
	categories := make([][]string, len(t.Dimensions))
	for d := range t.Dimensions {
		categories[d] = t.declared(d)
	}
	have := make(map[string]bool, len(t.Cells))
	for _, c := range t.Cells {
		have[keyOf(c.Keys)] = true
	}
	out := t
	out.Cells = slices.Clone(t.Cells)
	for _, mask := range groupingSets(t) {
		for _, keys := range product(categories, mask, t.Domains) {
			if id := keyOf(keys); !have[id] {
				have[id] = true
				out.Cells = append(out.Cells, Cell{Keys: keys, Measures: make([]Aggregate, len(t.Measures))})
			}
		}
	}
	slices.SortStableFunc(out.Cells, func(a, b Cell) int { return out.compareKeys(a.Keys, b.Keys) })
	return out, nil
}

// declared returns the categories of dimension d to enumerate: those its
// domain declares, and any others present in the table (a missing value a
// filter did not exclude), in the domain's order and then by value.
func (t Table) declared(d int) []string {
	if t.domain(d).Open {
		return nil
	}
	cats := slices.Clone(t.domain(d).Categories)
	var extra []string
	for _, c := range t.Cells {
		if k := c.Keys[d]; !k.Total && !k.Other && !slices.Contains(cats, k.Value) && !slices.Contains(extra, k.Value) {
			extra = append(extra, k.Value)
		}
	}
	slices.Sort(extra)
	return append(cats, extra...)
}

// groupingSets returns the grouping sets of t as masks of total dimensions
// whose open dimensions are all totals: the cells with no totals, and every
// margin when t has any (GROUP BY CUBE gives them all).
func groupingSets(t Table) []uint16 {
	var open uint16
	for d, dom := range t.Domains {
		if dom.Open {
			open |= 1 << d
		}
	}
	sets := []uint16{0}
	if slices.ContainsFunc(t.Cells, func(c Cell) bool { return slices.ContainsFunc(c.Keys, func(k Key) bool { return k.Total }) }) {
		for m := uint16(1); m < 1<<len(t.Dimensions); m++ {
			sets = append(sets, m)
		}
	}
	return slices.DeleteFunc(sets, func(m uint16) bool { return open&^m != 0 })
}

// product lists every combination of categories with totals where mask has
// them.
func product(categories [][]string, mask uint16, domains []Domain) [][]Key {
	out := [][]Key{{}}
	for d, cats := range categories {
		var next [][]Key
		if mask&(1<<d) != 0 {
			for _, ks := range out {
				next = append(next, append(slices.Clone(ks), Key{Total: true}))
			}
		} else {
			for _, ks := range out {
				for _, c := range cats {
					next = append(next, append(slices.Clone(ks), Key{Value: c}))
				}
			}
		}
		out = next
	}
	return out
}

// compareKeys orders cells as results show them: dimension by dimension,
// categories in their domain's order (open ones by value), then the other
// row, then the total.
func (t Table) compareKeys(a, b []Key) int {
	for d := range a {
		if c := t.compareKey(d, a[d], b[d]); c != 0 {
			return c
		}
	}
	return 0
}

func (t Table) compareKey(d int, a, b Key) int {
	rank := func(k Key) int {
		switch {
		case k.Total:
			return 2
		case k.Other:
			return 1
		}
		return 0
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 || rank(a) != 0 {
		return c
	}
	cats := t.domain(d).Categories
	i, j := slices.Index(cats, a.Value), slices.Index(cats, b.Value)
	switch {
	case i >= 0 && j >= 0:
		return cmp.Compare(i, j)
	case i >= 0:
		return -1
	case j >= 0:
		return 1
	}
	return strings.Compare(a.Value, b.Value)
}
