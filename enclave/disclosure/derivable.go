package disclosure

// Position names a value of a Result: cell Cell's counts when Measure is
// Counts, else its measure Measure.
type Position struct {
	Cell    int `json:"cell"`
	Measure int `json:"measure"`
}

// Counts is the Measure of a Position naming a cell's counts.
const Counts = -1

// Derivable returns the hidden values of res, among those hidden for their
// own sake (RulePrimary, RuleDifferencing, RuleMeasureThreshold,
// RuleDominance, RulePPercent),
// that a reader can work out
// exactly from the released ones through the table's additive relations.
// Apply never returns a result where it finds any; Derivable is exported so
// that tests, and anyone holding a result, can check that independently.
//
// It looks at res alone, as a reader does: the relations come from the
// cells' keys, a hidden value is unknown and a released one known, and cells
// missing from the table are known zeros. Margins released under
// TotalsFromRounded are sums of released cells, not the true margins, so
// they count as unknown, as margins hidden under TotalsSuppress do. The
// relations are taken as exact even where the table is not additive and its
// counts are rounded or perturbed, which can only overstate what a reader
// knows; released counts are taken as exact, which a rounded count is not
// (Intervals takes rounding into account). Means and percentiles add up to
// nothing and are not checked.
func Derivable(res Result) ([]Position, error) {
	keys := make([][]Key, len(res.Cells))
	for i, c := range res.Cells {
		keys[i] = c.Keys
	}
	g, err := newGrid(len(res.Dimensions), keys)
	if err != nil {
		return nil, err
	}
	n := len(res.Cells)
	unknownMargin := make([]bool, n)
	for i := range n {
		unknownMargin[i] = g.masks[i] != 0 && res.Totals != TotalsIndependent
	}
	unknown := make([]bool, n)
	target := make([]bool, n)
	for i, c := range res.Cells {
		unknown[i] = c.Suppressed != "" || unknownMargin[i]
		target[i] = c.Suppressed == RulePrimary || c.Suppressed == RuleDifferencing
	}
	var out []Position
	for _, c := range determined(g.rels, unknown, target) {
		out = append(out, Position{Cell: c, Measure: Counts})
	}
	for j, m := range res.Measures {
		if m.Kind != KindSum {
			continue
		}
		for i, c := range res.Cells {
			var v Value
			if j < len(c.Measures) {
				v = c.Measures[j]
			}
			hidden := c.Suppressed != "" || (j < len(c.Measures) && v.Value == nil)
			unknown[i] = hidden || unknownMargin[i]
			target[i] = c.Suppressed == RulePrimary || c.Suppressed == RuleDifferencing || ownSake(v.Suppressed)
		}
		for _, c := range determined(g.rels, unknown, target) {
			out = append(out, Position{Cell: c, Measure: j})
		}
	}
	return out, nil
}
