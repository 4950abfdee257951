package disclosure

// released returns the count n as released under r, for a count that passes
// the threshold or is zero, in a cell with key key (used by ModeCellKey
// only). Zero stays zero, and under every mode a released count is never
// below the threshold: so it is never 0 unless nobody is there, and never
// smaller than a count the threshold would have hidden.
//
//   - ModeBase: the nearest multiple of the rounding base, halves rounded
//     up, but at least the threshold rounded up to the base.
//   - ModeMidpoint6: the midpoint of n's band of six (6k+1 to 6k+6 give
//     6k+3), but at least the smallest such midpoint not below the threshold
//     (threshold 10: 10 to 12 give 15, not 9).
//   - ModeCellKey: n plus its adjustment from the perturbation table, but at
//     least the threshold.
func (r Rules) released(n int64, key uint8) int64 {
	if n == 0 {
		return 0
	}
	thr := int64(r.Threshold)
	switch r.mode() {
	case ModeMidpoint6:
		return max(midpoint6(n), ceilTo(thr+3, 6)-3)
	case ModeCellKey:
		return max(n+PerturbationTable().Adjustment(n, key), thr)
	}
	base := int64(r.Rounding)
	return max(nearest(n, base), ceilTo(thr, base))
}

// midpoint6 returns the midpoint of the band of six that n ≥ 1 falls in:
// 1 to 6 give 3, 7 to 12 give 9.
func midpoint6(n int64) int64 {
	return (n-1)/6*6 + 3
}

// nearest rounds n ≥ 0 to the nearest multiple of base, halves up.
func nearest(n, base int64) int64 {
	q, rem := n/base, n%base
	if 2*rem >= base {
		q++
	}
	return q * base
}

// ceilTo rounds n ≥ 0 up to a multiple of base.
func ceilTo(n, base int64) int64 {
	return (n + base - 1) / base * base
}

// preimage returns the least and greatest true count that a reader, knowing
// the rules (and the published perturbation table, but no cell key), can
// tell was released as rel in a cell that passed the threshold: every
// count of at least the threshold (at least 1 at threshold 1) that some
// cell key releases as rel, or only 0 for a released 0.
func (r Rules) preimage(rel int64) (lo, hi int64) {
	if rel == 0 {
		return 0, 0
	}
	lo, hi = -1, -1
	reach := 2*int64(r.Rounding) + 8
	for n := max(int64(r.Threshold), 1, rel-reach); n <= rel+reach; n++ {
		if r.releases(n, rel) {
			if lo < 0 {
				lo = n
			}
			hi = n
		}
	}
	return lo, hi
}

// releases reports whether a count of n people is released as rel under
// some cell key: under ModeCellKey, whether some adjustment the
// perturbation table gives n (one with keys dealt to it) makes rel.
func (r Rules) releases(n, rel int64) bool {
	if r.mode() != ModeCellKey {
		return r.released(n, 0) == rel
	}
	p := PerturbationTable()
	for i, keys := range p[min(n, int64(len(p)-1))] {
		if keys > 0 && max(n+int64(i-2), int64(r.Threshold)) == rel {
			return true
		}
	}
	return false
}
