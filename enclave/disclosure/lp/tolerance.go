package lp

// Tolerances, and how often to look up from the work. Values in the
// attacker problem are counts up to 2^53 and sums up to 1e12, where one unit
// in the last place of a float64 is already 1e-4, so every tolerance on a
// value is relative to the scale of what it is compared with; tableau
// entries are ratios of coefficients, near 1 for tables, and get absolute
// tolerances.
const (
	// feasibleRel: a row holds when Σ a·x misses RHS by at most
	// feasibleRel × (1 + |RHS| + Σ|a·x|); also the phase 1 test for
	// infeasibility.
	feasibleRel = 1e-9
	// dualRel: a reduced cost is attractive beyond dualRel × max(1, max|c|).
	dualRel = 1e-9
	// pivotRel and pivotAbs: the ratio test ignores a column entry at most
	// pivotRel × the column's largest or at most pivotAbs, which are
	// rounding noise; dividing by them would amplify the noise.
	pivotRel = 1e-9
	pivotAbs = 1e-11
	// redundantAbs: after phase 1, a row whose entries are all at most this
	// is a combination of the others and is dropped.
	redundantAbs = 1e-9
	// tieRel: ratios within tieRel × max(1, ratio) of the smallest tie; the
	// pivot among them is the largest entry (or, under Bland's rule, the
	// smallest variable index).
	tieRel = 1e-13
	// degenerateRel: a step of at most degenerateRel × the problem's scale
	// (its largest |RHS| or finite bound) counts as degenerate.
	degenerateRel = 1e-14
	// blandAfter degenerate pivots in a row, pricing switches from Dantzig's
	// rule to Bland's until the objective moves.
	blandAfter = 50
	// ctxEvery pivots, or once pivots have updated ctxWork tableau entries
	// (some milliseconds), the context is checked.
	ctxEvery = 128
	ctxWork  = 1 << 24
)
