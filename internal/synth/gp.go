package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

var gpHeader = []string{"nhs_number", "event_date", "snomed_code", "bmi", "egfr", "obese", "ckd_stage"}

// SNOMED CT concepts of the two observations written.
const (
	snomedBMI  = "60621009"         // Body mass index
	snomedEGFR = "1011481000000105" // eGFR using creatinine (CKD-EPI) per 1.73 square metres
)

// writeGP writes p's GP observations within [start, end].
func writeGP(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	if err := writeChildBMI(r, s, p, start, end); err != nil {
		return err
	}
	return writeEGFR(r, s, p, start, end)
}

// writeChildBMI writes BMI measurements taken between ages 4 and 17 (school
// measurement years and GP visits). About one child in six carries an
// overweight tendency; the teenagers among them pass BMI 30.
func writeChildBMI(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	from, to := later(start, p.birthday(4)), earlier(end, p.birthday(18).AddDate(0, 0, -1))
	if from.After(to) {
		return nil
	}
	excess := normal(r, 0, 1.5)
	if chance(r, 0.17) {
		excess = 4 + math.Abs(normal(r, 3, 3))
	}
	for range poisson(r, 1.5) {
		day := dayBetween(r, from, to)
		age := float64(day.Sub(p.dob).Hours()) / 24 / 365.25
		bmi := 15.5 + 0.03*max(0, age-5)*max(0, age-5) + excess*(0.4+age/12) + normal(r, 0, 0.6)
		bmi = math.Round(clamp(bmi, 12, 50)*10) / 10
		if err := s.write(p.nhs, day.Format(time.DateOnly), snomedBMI,
			strconv.FormatFloat(bmi, 'f', 1, 64), "", strconv.FormatBool(bmi >= 30), ""); err != nil {
			return err
		}
	}
	return nil
}

// egfrTested is the chance an adult has any eGFR test in the window, by age
// at the end of the window.
func egfrTested(age int) float64 {
	switch {
	case age < 30:
		return 0.10
	case age < 50:
		return 0.25
	case age < 65:
		return 0.50
	case age < 75:
		return 0.75
	}
	return 0.85
}

// writeEGFR writes adults' eGFR results. Kidney function falls with age and
// a share of people, rising steeply with age, have chronic kidney disease.
func writeEGFR(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	from := later(start, p.birthday(18))
	age := p.ageAt(end)
	if from.After(end) || !chance(r, egfrTested(age)) {
		return nil
	}
	base := 118 - 0.9*math.Max(0, float64(age)-25) + normal(r, 0, 12)
	if chance(r, clamp(float64(age-40)/120, 0.01, 0.45)) {
		base *= 0.35 + 0.4*r.Float64()
	}
	for range 1 + poisson(r, 1.2+float64(age)/40) {
		day := dayBetween(r, from, end)
		years := day.Sub(start).Hours() / 24 / 365.25
		egfr := math.Round(clamp(base-1.2*years+normal(r, 0, 4), 4, 140))
		if err := s.write(p.nhs, day.Format(time.DateOnly), snomedEGFR,
			"", strconv.Itoa(int(egfr)), "", ckdStage(egfr)); err != nil {
			return err
		}
	}
	return nil
}

// ckdStage is the KDIGO G stage for an eGFR in mL/min/1.73m2.
func ckdStage(egfr float64) string {
	switch {
	case egfr >= 90:
		return "1"
	case egfr >= 60:
		return "2"
	case egfr >= 45:
		return "3a"
	case egfr >= 30:
		return "3b"
	case egfr >= 15:
		return "4"
	}
	return "5"
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
