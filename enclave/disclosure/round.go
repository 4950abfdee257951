package disclosure

// released returns the count n as released under r, for a count that passes
// the threshold or is zero: the nearest multiple of the rounding base, halves
// rounded up, but never below the threshold rounded up to the base. So a
// released count is never 0 unless nobody is there, and never smaller than a
// count the threshold would have hidden.
func (r Rules) released(n int64) int64 {
	if n == 0 {
		return 0
	}
	base := int64(r.Rounding)
	floor := ceilTo(int64(r.Threshold), base)
	return max(nearest(n, base), floor)
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
