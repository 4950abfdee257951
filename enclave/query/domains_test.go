package query

import (
	"reflect"
	"testing"
)

func TestDomains(t *testing.T) {
	t.Parallel()
	all := []string{"<15", "15-<30", "30-<45", "45-<60", "60-<90", "90+", ""}
	tests := []struct {
		name, sql string
		want      [][]string
	}{
		{"declared values and the missing one", "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex",
			[][]string{{"F", "M", "I", "U", ""}}},
		{"narrowed by in", "SELECT sex, COUNT(DISTINCT person) FROM patients WHERE sex IN ('M', 'F') GROUP BY sex",
			[][]string{{"F", "M"}}},
		{"bins of one picked", "SELECT year_of_birth, COUNT(DISTINCT person) FROM patients WHERE year_of_birth IN (1960, 1950) GROUP BY year_of_birth",
			[][]string{{"1950", "1960"}}},
		{"bins", "SELECT egfr, COUNT(DISTINCT person) FROM gp_events GROUP BY egfr", [][]string{all}},
		{"bins in a range", "SELECT egfr, bmi, COUNT(DISTINCT person) FROM gp_events WHERE egfr BETWEEN 31 AND 59 AND bmi < 25 GROUP BY egfr, bmi",
			[][]string{{"<18.5", "18.5-<25"}, {"30-<45", "45-<60"}}}, // group_by is sorted: bmi, egfr
		{"integer bins from a bound", "SELECT wait_minutes, COUNT(*) FROM ae_attendances WHERE wait_minutes > 239 GROUP BY wait_minutes",
			[][]string{{"240-479", "480-719", "720+"}}},
		{"integer bins to a bound", "SELECT wait_minutes, COUNT(*) FROM ae_attendances WHERE wait_minutes < 100 GROUP BY wait_minutes",
			[][]string{{"<60", "60-119"}}},
		{"booleans", "SELECT obese, alcohol_related, COUNT(DISTINCT person) FROM gp_events JOIN ae_attendances USING (person) WHERE alcohol_related GROUP BY obese, alcohol_related",
			[][]string{{"true"}, {"false", "true", ""}}},
		{"labels from the data", "SELECT lsoa_code, event_date, COUNT(DISTINCT person) FROM patients JOIN gp_events USING (person) GROUP BY lsoa_code, event_date",
			[][]string{nil, nil}}, // gp_events.event_date, patients.lsoa_code
		{"labels listed", "SELECT lsoa_code, event_date, COUNT(DISTINCT person) FROM patients JOIN gp_events USING (person) " +
			"WHERE lsoa_code IN ('E01011365', 'E01000001') AND event_date BETWEEN '2023-11-15' AND '2024-02-03' GROUP BY lsoa_code, event_date",
			[][]string{{"2023-11", "2023-12", "2024-01", "2024-02"}, {"E01000001", "E01011365"}}},
		{"labels listed twice keep those in both", "SELECT lsoa_code, COUNT(DISTINCT person) FROM patients " +
			"WHERE lsoa_code IN ('E01011365', 'E01000001') AND lsoa_code = 'E01011365' GROUP BY lsoa_code",
			[][]string{{"E01011365"}}},
		{"a date's open window lists nothing", "SELECT event_date, COUNT(DISTINCT person) FROM gp_events WHERE event_date >= '2024-01-01' GROUP BY event_date",
			[][]string{nil}},
		{"the cohort does not narrow", "SELECT ckd_stage, COUNT(DISTINCT person) FROM gp_events WHERE person IN (SELECT person FROM gp_events WHERE ckd_stage = '5') GROUP BY ckd_stage",
			[][]string{{"1", "2", "3a", "3b", "4", "5", ""}}},
		{"no breakdown", "SELECT COUNT(DISTINCT person) FROM patients", [][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := validated(t, parsed(t, tt.sql))
			if got := Domains(q, demoCatalogue(t)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Domains(%v) = %q, want %q", q.GroupBy, got, tt.want)
			}
		})
	}
}
