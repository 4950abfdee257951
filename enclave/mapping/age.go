package mapping

import "strconv"

// maxAge is the oldest age, in whole years, an age column accepts: the
// oldest person on record lived to 122, so an older age is a mistake in
// the source, not a person. Its bands start at most here.
const maxAge = 130

// maxBand bounds the bands of ages taken from dates, whose oldest band may
// start later than maxAge, as it always could.
const maxBand = 150

// ageBands are the bands ages fall in: their lower bounds in years, from
// 0, rising, and the label of each, boxed once.
type ageBands struct {
	bounds []int
	labels []any
}

// band returns the label of the band age falls in; age is not negative.
func (b *ageBands) band(age int) any {
	i := len(b.bounds) - 1
	for i > 0 && b.bounds[i] > age {
		i--
	}
	return b.labels[i]
}

// bandLabel writes a band as "5-9", a one-year band as "1", and the last,
// open band as "85+".
func bandLabel(bounds []int, i int) string {
	lo := strconv.Itoa(bounds[i])
	switch {
	case i == len(bounds)-1:
		return lo + "+"
	case bounds[i+1]-1 == bounds[i]:
		return lo
	}
	return lo + "-" + strconv.Itoa(bounds[i+1]-1)
}

// age replaces an age in whole years by its band.
func (c *column) age(v string) (any, Reason) {
	a, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return nil, ReasonInteger
	case a < 0:
		return nil, ReasonAgeNegative
	case a > maxAge:
		return nil, ReasonAgeImplausible
	}
	return c.bands.band(a), ""
}
