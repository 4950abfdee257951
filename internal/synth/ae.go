package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

var aeHeader = []string{"nhs_number", "arrival_date", "age_band", "alcohol_related", "diagnosis_code", "wait_minutes"}

// aeRate is attendances per person-year by age, highest in infants, young
// adults and the very old.
func aeRate(age int) float64 {
	switch {
	case age < 5:
		return 0.45
	case age < 16:
		return 0.25
	case age < 30:
		return 0.40
	case age < 65:
		return 0.28
	case age < 80:
		return 0.35
	}
	return 0.65
}

// alcoholShare is the chance an attendance is alcohol-related at a given
// age on a weekday; Friday to Sunday it is 2.5 times higher.
func alcoholShare(age int) float64 {
	switch {
	case age < 14:
		return 0.001
	case age < 18:
		return 0.03
	case age < 25:
		return 0.10
	case age < 35:
		return 0.07
	case age < 55:
		return 0.05
	}
	return 0.02
}

// ICD-10 primary diagnoses: alcohol-related attendances and the rest.
var (
	alcoholDiagnoses = []string{"F10.0", "F10.0", "F10.1", "T51.0", "S01.8", "S06.0", "S52.5"}
	otherDiagnoses   = []string{"J06.9", "R07.4", "R10.4", "S93.4", "S62.6", "N39.0", "J18.9",
		"R55", "A09", "L03.1", "J45.9", "K35.8", "R51", "T78.4"}
	// olderDiagnoses are added from age 60: heart attack, hip fracture,
	// stroke, heart failure.
	olderDiagnoses = []string{"I21.9", "S72.0", "I63.9", "I50.0"}
)

// writeAE writes p's emergency department attendances within [start, end].
func writeAE(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	from := later(start, p.dob)
	if from.After(end) {
		return nil
	}
	years := end.Sub(from).Hours() / 24 / 365.25
	frail := math.Exp(normal(r, 0, 0.7)) // some people attend far more often
	for range poisson(r, aeRate(p.ageAt(end))*years*frail*0.8) {
		day := dayBetween(r, from, end)
		age := p.ageAt(day)
		share := alcoholShare(age)
		if wd := day.Weekday(); wd == time.Friday || wd == time.Saturday || wd == time.Sunday {
			share *= 2.5
		}
		alcohol := chance(r, share)
		dx := otherDiagnoses[r.IntN(len(otherDiagnoses))]
		if age >= 60 && chance(r, 0.3) {
			dx = olderDiagnoses[r.IntN(len(olderDiagnoses))]
		}
		if alcohol {
			dx = alcoholDiagnoses[r.IntN(len(alcoholDiagnoses))]
		}
		wait := int(clamp(math.Exp(normal(r, 5.3, 0.55)), 10, 1440))
		if err := s.write(p.nhs, day.Format(time.DateOnly), ageBand(age),
			strconv.FormatBool(alcohol), dx, strconv.Itoa(wait)); err != nil {
			return err
		}
	}
	return nil
}

// ageBand is the catalogue's five-year band for age, with 85+ open.
func ageBand(age int) string {
	if age >= 85 {
		return "85+"
	}
	lo := age / 5 * 5
	return strconv.Itoa(lo) + "-" + strconv.Itoa(lo+4)
}
