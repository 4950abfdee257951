package disclosure

// Perturbation is the published perturbation table of ModeCellKey, in the
// manner of the cell key method of the ABS (TableBuilder) and ONS (Census
// 2021), with a table of our own design. Row n is for a true count of n
// people (the last row for that count and every larger one); entry i of a row
// is how many of the 256 cell keys give the adjustment i-2, from -2 to +2.
// Keys are dealt out in order: in a row (20, 44, 128, 44, 20), keys 0 to 19
// give -2, keys 20 to 63 give -1, and so on. The released count is the true
// count plus the adjustment, never below the threshold.
//
// Its properties, checked by TestPerturbationTable:
//
//   - a zero stays zero, and every other count is released as 3 or more, so
//     that no 1 or 2 is ever released and a released 0 still means nobody
//     (a 0 that could hide a few people would be given away anyway: SQL emits
//     no row for an empty group, so a cell present in the result is not
//     empty);
//   - no adjustment is more than 2 either way;
//   - from 4 on, adjustments average exactly 0 over the 256 keys (the rows
//     for 1, 2 and 3 lean upwards, as lifting them to 3 or more must);
//   - their variance is at most 1, and half of all counts from 5 on are
//     released unchanged;
//   - each released value from 3 on comes from at least three true counts,
//     so no released value pins one down.
type Perturbation [6][5]int

// PerturbationTable returns the published perturbation table.
func PerturbationTable() Perturbation {
	return Perturbation{
		{0, 0, 256, 0, 0},     // 0 stays 0
		{0, 0, 0, 0, 256},     // 1 becomes 3
		{0, 0, 0, 128, 128},   // 2 becomes 3 or 4
		{0, 0, 128, 64, 64},   // 3 becomes 3, 4 or 5
		{0, 80, 112, 48, 16},  // 4 becomes 3 to 6
		{20, 44, 128, 44, 20}, // n of 5 or more becomes n-2 to n+2
	}
}

// Adjustment returns what the table adds to a count of n people in a cell
// with key key. The same count and key always give the same adjustment.
func (p Perturbation) Adjustment(n int64, key uint8) int64 {
	row := p[min(n, int64(len(p)-1))]
	k := int(key)
	for i, c := range row[:len(row)-1] {
		if k < c {
			return int64(i - 2)
		}
		k -= c
	}
	return int64(len(row) - 3)
}
