package synth

import (
	"math/rand/v2"
	"time"
)

var screeningHeader = []string{"nhs_number", "screening_date", "result", "risk_category"}

var (
	riskCategories  = []string{"population", "moderate", "high"}
	riskWeights     = []int{955, 35, 10}
	results         = []string{"normal", "technical_recall", "assessment", "cancer_detected"}
	resultWeights   = []int{955, 10, 27, 8}
	highRiskWeights = []int{920, 10, 50, 20}
)

// writeScreening writes breast screening episodes for women aged 50 to 70:
// invitations every three years, about seven in ten taken up.
func writeScreening(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	if p.sex != "F" {
		return nil
	}
	from, to := later(start, p.birthday(50)), earlier(end, p.birthday(71).AddDate(0, 0, -1))
	if from.After(to) {
		return nil
	}
	risk := pick(r, riskWeights)
	weights := resultWeights
	if risk > 0 {
		weights = highRiskWeights
	}
	day := from.AddDate(0, 0, r.IntN(3*365))
	for ; !day.After(to); day = day.AddDate(3, 0, r.IntN(61)-30) {
		if !chance(r, 0.7) {
			continue
		}
		if err := s.write(p.nhs, day.Format(time.DateOnly),
			results[pick(r, weights)], riskCategories[risk]); err != nil {
			return err
		}
	}
	return nil
}
