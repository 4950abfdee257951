package query

import (
	"reflect"
	"testing"
)

// TestParse reads accepted statements into the query they mean, before
// validation: columns are qualified only when FROM names one dataset.
func TestParse(t *testing.T) {
	t.Parallel()
	people := []Measure{{Kind: CountPeople}}
	tests := []struct {
		name, sql string
		want      Query
	}{
		{"count only", "SELECT COUNT(DISTINCT person) FROM patients",
			Query{Datasets: []string{"patients"}, Measures: people}},
		{"qualified person", "SELECT count(DISTINCT patients.person) FROM patients",
			Query{Datasets: []string{"patients"}, Measures: people}},
		{"rows of the only dataset", "SELECT COUNT(*) FROM gp_events",
			Query{Datasets: []string{"gp_events"}, Measures: []Measure{{Kind: CountEvents, Dataset: "gp_events"}}}},
		{"rows of one joined dataset", "SELECT COUNT(gp_events.*) FROM patients JOIN gp_events USING (person)",
			Query{Datasets: []string{"patients", "gp_events"}, Measures: []Measure{{Kind: CountEvents, Dataset: "gp_events"}}}},
		{"three datasets, unqualified columns kept", `SELECT sex, SUM(weekly_cost) FROM patients
			JOIN social_care USING (person) INNER JOIN ae_attendances USING (person) GROUP BY sex`,
			Query{Datasets: []string{"patients", "social_care", "ae_attendances"}, GroupBy: []string{"sex"},
				Measures: []Measure{{Kind: Sum, Column: "weekly_cost"}}}},
		{"parenthesised join", "SELECT COUNT(DISTINCT person) FROM patients JOIN (gp_events JOIN social_care USING (person)) USING (person)",
			Query{Datasets: []string{"patients", "gp_events", "social_care"}, Measures: people}},
		{"mean and percentile", "SELECT AVG(bmi), PERCENTILE_CONT(.25) WITHIN GROUP (ORDER BY bmi ASC) FROM gp_events",
			Query{Datasets: []string{"gp_events"}, Measures: []Measure{{Kind: Mean, Column: "gp_events.bmi"},
				{Kind: Percentile, Column: "gp_events.bmi", P: 0.25}}}},
		{"every comparison", `SELECT COUNT(DISTINCT person) FROM ae_attendances WHERE wait_minutes > 10
			AND wait_minutes >= -5 AND wait_minutes < 1e3 AND 600 >= wait_minutes AND 7 = wait_minutes
			AND age_band IN ('0-4', '5-9') AND arrival_date BETWEEN '2023-01-01' AND '2023-03-31'
			AND alcohol_related AND diagnosis_code = 'J45'`,
			Query{Datasets: []string{"ae_attendances"}, Measures: people, Filters: []Filter{
				{Column: "ae_attendances.wait_minutes", Op: Gt, Values: []Value{"10"}},
				{Column: "ae_attendances.wait_minutes", Op: Gte, Values: []Value{"-5"}},
				{Column: "ae_attendances.wait_minutes", Op: Lt, Values: []Value{"1e3"}},
				{Column: "ae_attendances.wait_minutes", Op: Lte, Values: []Value{"600"}},
				{Column: "ae_attendances.wait_minutes", Op: Eq, Values: []Value{"7"}},
				{Column: "ae_attendances.age_band", Op: In, Values: []Value{"0-4", "5-9"}},
				{Column: "ae_attendances.arrival_date", Op: Between, Values: []Value{"2023-01-01", "2023-03-31"}},
				{Column: "ae_attendances.alcohol_related", Op: Eq, Values: []Value{"true"}},
				{Column: "ae_attendances.diagnosis_code", Op: Eq, Values: []Value{"J45"}},
			}}},
		{"nested AND and parentheses", "SELECT COUNT(*) FROM gp_events WHERE (obese AND (ckd_stage = '4')) AND obese = false",
			Query{Datasets: []string{"gp_events"}, Measures: []Measure{{Kind: CountEvents, Dataset: "gp_events"}}, Filters: []Filter{
				{Column: "gp_events.obese", Op: Eq, Values: []Value{"true"}},
				{Column: "gp_events.ckd_stage", Op: Eq, Values: []Value{"4"}},
				{Column: "gp_events.obese", Op: Eq, Values: []Value{"false"}},
			}}},
		{"dates three ways", `SELECT COUNT(DISTINCT person) FROM gp_events WHERE event_date >= DATE '2020-01-01'
			AND event_date < '2021-01-01'::pg_catalog.date AND event_date <= '2020-12-31'`,
			Query{Datasets: []string{"gp_events"}, Measures: people, Filters: []Filter{
				{Column: "gp_events.event_date", Op: Gte, Values: []Value{"2020-01-01"}},
				{Column: "gp_events.event_date", Op: Lt, Values: []Value{"2021-01-01"}},
				{Column: "gp_events.event_date", Op: Lte, Values: []Value{"2020-12-31"}},
			}}},
		{"cohort", `SELECT sex, COUNT(DISTINCT person) FROM patients
			WHERE person IN (SELECT gp_events.person FROM gp_events WHERE obese AND bmi > 40) GROUP BY CUBE(sex)`,
			Query{Datasets: []string{"patients"}, Measures: people, GroupBy: []string{"patients.sex"}, Totals: true,
				Cohort: &Cohort{Dataset: "gp_events", Filters: []Filter{
					{Column: "gp_events.obese", Op: Eq, Values: []Value{"true"}},
					{Column: "gp_events.bmi", Op: Gt, Values: []Value{"40"}},
				}}}},
		{"cohort without conditions", "SELECT COUNT(DISTINCT person) FROM patients WHERE person = ANY (SELECT person FROM social_care)",
			Query{Datasets: []string{"patients"}, Measures: people, Cohort: &Cohort{Dataset: "social_care"}}},
		{"quoted names and comments", `-- obesity
			SELECT "sex", COUNT(DISTINCT person) /* people */ FROM "patients" GROUP BY patients.sex;`,
			Query{Datasets: []string{"patients"}, Measures: people, GroupBy: []string{"patients.sex"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parsed(t, tt.sql); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%s\nwant\n%s", show(got), show(tt.want))
			}
		})
	}
}
