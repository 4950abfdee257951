package synth

import (
	"math/rand/v2"
	"time"
)

// person is the state held while one person's rows are written.
type person struct {
	nhs       string
	dob       time.Time
	sex       string // "F" or "M"
	area      area
	postcode  string
	ethnicity string
}

// ageBandWeights are per-mille shares of five-year age bands 0-4 ... 85-89
// and 90-99, shaped like Leeds 2021 with its student bulge at 20-24.
var ageBandWeights = []int{56, 60, 60, 62, 88, 80, 72, 66, 60, 60, 64, 64, 56, 48, 44, 34, 22, 14, 10}

var ethnicities = []string{"white", "asian", "black", "mixed", "other", "not_stated"}
var ethnicityWeights = []int{778, 97, 56, 35, 14, 20}

// newPerson draws a person's demographics; ages are as at end.
func newPerson(r *rand.Rand, nhs string, areas []area, end time.Time) person {
	band := pick(r, ageBandWeights)
	width := 5
	if band == len(ageBandWeights)-1 {
		width = 10
	}
	age := band*5 + r.IntN(width)
	dob := end.AddDate(-age-1, 0, 1+r.IntN(365))
	sex := "M"
	if chance(r, 0.508) {
		sex = "F"
	}
	a := areas[r.IntN(len(areas))]
	return person{
		nhs:       nhs,
		dob:       dob,
		sex:       sex,
		area:      a,
		postcode:  a.postcode(r),
		ethnicity: ethnicities[pick(r, ethnicityWeights)],
	}
}

// ageAt returns p's age in whole years on day t.
func (p person) ageAt(t time.Time) int {
	age := t.Year() - p.dob.Year()
	if t.Month() < p.dob.Month() || t.Month() == p.dob.Month() && t.Day() < p.dob.Day() {
		age--
	}
	return age
}

// birthday returns the day p turns age.
func (p person) birthday(age int) time.Time { return p.dob.AddDate(age, 0, 0) }
