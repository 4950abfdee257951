package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

var socialCareHeader = []string{"nhs_number", "episode_start", "service_type", "support_reason", "weekly_cost"}

// service is a kind of service with its gross weekly cost range in pounds.
type service struct {
	name     string
	low, top float64
}

var services = []service{
	{"home_care", 180, 650}, {"residential_care", 700, 1150}, {"nursing_care", 900, 1500},
	{"day_care", 50, 220}, {"direct_payment", 150, 600}, {"reablement", 120, 400},
}

// Service and reason weights for older and working-age adults.
var (
	olderServices   = []int{40, 15, 10, 8, 7, 20}
	youngerServices = []int{20, 5, 2, 25, 40, 8}
	reasons         = []string{"physical", "memory_and_cognition", "learning_disability", "mental_health", "sensory", "social_support"}
	olderReasons    = []int{55, 25, 1, 5, 6, 8}
	youngerReasons  = []int{25, 3, 35, 25, 5, 7}
)

// careShare is the chance an adult receives services in the window.
func careShare(age int) float64 {
	switch {
	case age < 18:
		return 0
	case age < 65:
		return 0.008
	case age < 75:
		return 0.05
	case age < 85:
		return 0.13
	}
	return 0.30
}

// writeSocialCare writes adult social care episodes, mostly for older people.
func writeSocialCare(r *rand.Rand, s *sink, p person, start, end time.Time) error {
	age := p.ageAt(end)
	from := later(start, p.birthday(18))
	svc, why := youngerServices, youngerReasons
	if age >= 65 {
		// Older people's needs begin in old age.
		from = later(start, p.birthday(65))
		svc, why = olderServices, olderReasons
	}
	if from.After(end) || !chance(r, careShare(age)) {
		return nil
	}
	reason := reasons[pick(r, why)]
	for range 1 + poisson(r, 0.8) {
		sv := services[pick(r, svc)]
		cost := math.Round((sv.low+(sv.top-sv.low)*r.Float64())*100) / 100
		if err := s.write(p.nhs, dayBetween(r, from, end).Format(time.DateOnly),
			sv.name, reason, strconv.FormatFloat(cost, 'f', 2, 64)); err != nil {
			return err
		}
	}
	return nil
}
