package httpapi

import (
	"fmt"
	"math"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// tooClose reports whether an estimate is within 9% of a person's value.
// Noise puts every combination of answers at least 10% off
// (docs/disclosure.md); the released sums' four significant figures move an
// estimate by well under 1%, so 9% leaves no room for chance.
func tooClose(estimate, value float64) bool {
	return math.Abs(estimate-value) < 0.09*math.Abs(value)
}

// TestWindowsDoNotDifferenceIntoAReading (finding 3, two windows): the same
// twenty people in January, then in January and February, when one of them
// had one more visit, of 5,000 minutes. The people are the same, so the
// ledger of people sees nothing; the two sums differ by that one reading.
// The second sum is withheld, or gives the reading no closer than 10%.
func TestWindowsDoNotDifferenceIntoAReading(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	q.plantMany(t, 19, 1975, "F", "E01099996", visit{date: "2023-01-10", wait: 100, diag: "R07.4"})
	q.plantPerson(t, 1975, "F", "E01099996", visit{date: "2023-01-10", wait: 100, diag: "R07.4"}, visit{date: "2023-02-20", wait: 5000, diag: "R07.4"})
	window := func(to string) string {
		return fmt.Sprintf(`{"datasets":["patients","ae_attendances"],"measures":[{"kind":"count_people"},{"kind":"sum","column":"ae_attendances.wait_minutes"}],
			"filters":[{"column":"patients.year_of_birth","op":"eq","values":[1975]},{"column":"patients.lsoa_code","op":"eq","values":["E01099996"]},
			{"column":"ae_attendances.arrival_date","op":"between","values":["2023-01-01",%q]}]}`, to)
	}
	january := q.answerTo(t, project, window("2023-01-31"))
	s1, ok := measureOf(january.Result, 0)
	if !ok {
		t.Fatalf("January's sum is not released: %+v", january.Result.Cells)
	}
	both := q.answerTo(t, project, window("2023-02-28"))
	if s2, ok := measureOf(both.Result, 0); ok && tooClose(s2-s1, 5000) {
		t.Errorf("January and February less January gives %v, the 5,000-minute reading to within 9%%", s2-s1)
	}
}

// TestChainsDoNotIsolateAReading (finding 3, a chain): three answers, each
// pair far apart, whose combination S1 - S2 + S3 is one person's reading:
// the 70 born in 1910 with the one born in 1911, the 70 born in 1910 with
// the 70 born in 1912, and the 70 born in 1912. No answer is withheld (no
// pair is close), so the noise in every person's values is what protects
// the reading: fixed, it does not cancel.
func TestChainsDoNotIsolateAReading(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	q.plantMany(t, 70, 1910, "F", "E01099995", visit{date: "2023-03-01", wait: 100, diag: "R07.4"})
	q.plantMany(t, 70, 1912, "F", "E01099995", visit{date: "2023-03-01", wait: 100, diag: "R07.4"})
	q.plantPerson(t, 1911, "M", "E01099995", visit{date: "2023-03-01", wait: 5000, diag: "R07.4"})
	sum := func(years string) float64 {
		a := q.answerTo(t, project, "SELECT SUM(wait_minutes) FROM ae_attendances JOIN patients USING (person) WHERE lsoa_code = 'E01099995' AND "+years)
		v, ok := measureOf(a.Result, 0)
		if !ok {
			t.Fatalf("%s: the sum is not released: %+v", years, a.Result.Cells)
		}
		return v
	}
	s1, s2, s3 := sum("year_of_birth BETWEEN 1910 AND 1911"), sum("year_of_birth IN (1910, 1912)"), sum("year_of_birth = 1912")
	if est := s1 - s2 + s3; tooClose(est, 5000) {
		t.Errorf("%v - %v + %v = %v: the 5,000-minute reading to within 9%%", s1, s2, s3, est)
	}
}

// TestMeanAndSumDoNotGiveTheCount (finding 3, a mean beside its sum): 47
// values, their count released rounded as 45. A mean of the exact values
// beside their sum gives 47 back (sum / mean); the mean is the released
// sum over the released count, so it gives back 45.
func TestMeanAndSumDoNotGiveTheCount(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	for i := range 47 {
		q.plantPerson(t, 1976, "F", "E01099994", visit{date: "2023-04-01", wait: 100 + 7*i, diag: "R07.4"})
	}
	a := q.answerTo(t, project, "SELECT COUNT(ae_attendances.*), SUM(wait_minutes), AVG(wait_minutes) FROM ae_attendances JOIN patients USING (person) WHERE lsoa_code = 'E01099994'")
	sum, ok1 := measureOf(a.Result, 0)
	mean, ok2 := measureOf(a.Result, 1)
	if !ok1 || !ok2 {
		t.Fatalf("sum and mean not released: %+v", a.Result.Cells)
	}
	if n := math.Round(sum / mean); n == 47 {
		t.Errorf("sum %v / mean %v = %v, the exact count the released %d rounds", sum, mean, n, *a.Result.Cells[0].Events)
	}
}

// TestPercentileTailsCountPeople (finding 3, percentiles): 150 people with
// one visit each and one person with 40 visits of 9,000 minutes. The 90th
// percentile of the 190 waits lies among that one person's: it has 150
// people below it but one above, and is hidden.
func TestPercentileTailsCountPeople(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	for i := range 150 {
		q.plantPerson(t, 1977, "F", "E01099993", visit{date: "2023-05-01", wait: 60 + i, diag: "R07.4"})
	}
	var visits []visit
	for d := range 40 {
		visits = append(visits, visit{date: fmt.Sprintf("2023-05-%02d", 1+d%28), wait: 9000, diag: "R07.4"})
	}
	q.plantPerson(t, 1977, "M", "E01099993", visits...)
	a := q.answerTo(t, project, "SELECT PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY wait_minutes) FROM ae_attendances JOIN patients USING (person) WHERE lsoa_code = 'E01099993'")
	c := a.Result.Cells[0]
	if len(c.Measures) == 0 {
		t.Fatalf("no measure: %+v", c)
	}
	if v := c.Measures[0]; v.Value != nil {
		t.Errorf("the 90th percentile is released as %v, among one person's readings of 9,000", *v.Value)
	} else if v.Suppressed != disclosure.RuleMeasureThreshold {
		t.Errorf("the 90th percentile is hidden by %q, want %q", v.Suppressed, disclosure.RuleMeasureThreshold)
	}
}
