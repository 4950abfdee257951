package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// district is a Leeds postcode district: its share of residents and the
// deprivation decile its areas cluster around (1 most deprived).
type district struct {
	n, weight, decile int
}

// leedsDistricts are LS1-LS29, weighted so that, as in Leeds, about a fifth
// of residents live in the most deprived national decile.
var leedsDistricts = []district{
	{1, 1, 5}, {2, 1, 4}, {3, 1, 3}, {4, 3, 2}, {5, 2, 6}, {6, 7, 3}, {7, 5, 4},
	{8, 7, 2}, {9, 7, 1}, {10, 6, 1}, {11, 6, 1}, {12, 6, 2}, {13, 5, 3},
	{14, 6, 1}, {15, 5, 5}, {16, 5, 8}, {17, 4, 7}, {18, 3, 8}, {19, 3, 8},
	{20, 2, 8}, {21, 2, 9}, {22, 2, 9}, {23, 1, 9}, {24, 1, 7}, {25, 3, 6},
	{26, 3, 6}, {27, 3, 5}, {28, 3, 6}, {29, 2, 9},
}

// area is one lower layer super output area: the unit people live in.
type area struct {
	district int
	sector   int
	lsoa     string
	decile   int
}

// firstLSOA is the first Leeds LSOA code; the synthetic areas take
// consecutive codes from it.
const firstLSOA = 11264

// newAreas builds the seeded table of areas, about 480 as in Leeds, each of
// roughly equal population as LSOAs are.
func newAreas(r *rand.Rand) []area {
	var areas []area
	for _, d := range leedsDistricts {
		for range d.weight * 5 {
			dec := int(math.Round(clamp(normal(r, float64(d.decile), 1.3), 1, 10)))
			areas = append(areas, area{
				district: d.n,
				sector:   1 + r.IntN(9),
				lsoa:     "E01" + strconv.Itoa(1_000_000 + firstLSOA + len(areas))[1:],
				decile:   dec,
			})
		}
	}
	return areas
}

// unitLetters are the letters Royal Mail uses in the inward code's unit.
const unitLetters = "ABDEFGHJLNPQRSTUWXYZ"

// postcode returns a plausible postcode in a, such as "LS6 2QB".
func (a area) postcode(r *rand.Rand) string {
	return "LS" + strconv.Itoa(a.district) + " " + strconv.Itoa(a.sector) +
		string(unitLetters[r.IntN(len(unitLetters))]) +
		string(unitLetters[r.IntN(len(unitLetters))])
}
