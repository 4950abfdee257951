package query

import (
	"testing"
)

// TestJSONAndSQLAgree writes each question both ways and expects the same
// validated query, hash included.
func TestJSONAndSQLAgree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json, sql string
	}{
		{
			name: "childhood obesity by deprivation decile",
			json: `{"datasets": ["patients", "gp_events"],
				"measures": [{"kind": "count_people"}],
				"group_by": ["deprivation_decile"],
				"filters": [{"column": "gp_events.obese", "op": "eq", "values": [true]},
				            {"column": "year_of_birth", "op": "between", "values": [2008, 2019]}]}`,
			sql: `SELECT deprivation_decile, COUNT(DISTINCT person)
				FROM patients JOIN gp_events USING (person)
				WHERE obese AND year_of_birth BETWEEN 2008 AND 2019
				GROUP BY deprivation_decile`,
		},
		{
			name: "alcohol-related A&E attendances by age band and sex",
			json: `{"datasets": ["ae_attendances", "patients"],
				"measures": [{"kind": "count_events", "dataset": "ae_attendances"}, {"kind": "count_people"}],
				"group_by": ["patients.sex", "ae_attendances.age_band"],
				"filters": [{"column": "alcohol_related", "op": "eq", "values": ["true"]},
				            {"column": "arrival_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]},
				            {"column": "sex", "op": "in", "values": ["M", "F"]}],
				"totals": true}`,
			sql: `select age_band, sex, count(distinct person), count(ae_attendances.*)
				from ae_attendances join patients using (person)
				where alcohol_related = true
				  and arrival_date >= '2023-01-01' and arrival_date <= DATE '2023-12-31'
				  and sex in ('F', 'M', 'F')
				group by cube (sex, age_band)`,
		},
		{
			name: "breast screening outcome by risk category",
			json: `{"datasets": ["breast_screening"],
				"measures": [{"kind": "count_people"}, {"kind": "count_events"}],
				"group_by": ["result", "risk_category"],
				"filters": [{"column": "screening_date", "op": "gte", "values": ["2022-04-01"]}]}`,
			sql: `SELECT result, risk_category, COUNT(*), COUNT(DISTINCT person) FROM breast_screening
				WHERE '2022-04-01'::date <= screening_date GROUP BY risk_category, result`,
		},
		{
			name: "CKD stage with eGFR, in people who were ever obese",
			json: `{"datasets": ["gp_events"],
				"measures": [{"kind": "count_people"}, {"kind": "mean", "column": "egfr"},
				             {"kind": "percentile", "column": "gp_events.egfr", "p": 0.9}],
				"group_by": ["ckd_stage"],
				"filters": [{"column": "ckd_stage", "op": "in", "values": ["3a", "3b", "4", "5"]},
				            {"column": "event_date", "op": "lt", "values": ["2024-01-01"]}],
				"cohort": {"dataset": "gp_events", "filters": [{"column": "obese", "op": "eq", "values": [true]}]}}`,
			sql: `SELECT ckd_stage, PERCENTILE_CONT(0.90) WITHIN GROUP (ORDER BY egfr), AVG(gp_events.egfr),
				       COUNT(DISTINCT gp_events.person)
				FROM gp_events
				WHERE ckd_stage IN ('5', '4', '3b', '3a') AND event_date < '2024-01-01'
				  AND person IN (SELECT person FROM gp_events WHERE obese = 'true')
				GROUP BY ckd_stage -- stage by stage`,
		},
		{
			name: "social care cost by service, numbers written differently",
			json: `{"datasets": ["social_care"],
				"measures": [{"kind": "sum", "column": "weekly_cost"}, {"kind": "count_people"}],
				"group_by": ["service_type"],
				"filters": [{"column": "weekly_cost", "op": "gt", "values": [100.50]},
				            {"column": "service_type", "op": "eq", "values": ["home_care"]}]}`,
			sql: `/* costs */ SELECT service_type, SUM(weekly_cost), COUNT(DISTINCT person) FROM social_care
				WHERE 100.5 < weekly_cost AND service_type IN ('home_care') GROUP BY service_type;`,
		},
		{
			name: "childhood obesity cohort, as in docs/queries.md",
			json: `{"datasets": ["patients"],
				"measures": [{"kind": "count_people"}],
				"group_by": ["patients.deprivation_decile"],
				"filters": [{"column": "patients.year_of_birth", "op": "between", "values": [2008, 2019]}],
				"cohort": {"dataset": "gp_events",
				           "filters": [{"column": "gp_events.obese", "op": "eq", "values": [true]},
				                       {"column": "gp_events.event_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]}]},
				"totals": true}`,
			sql: `SELECT deprivation_decile, COUNT(DISTINCT person)
				FROM patients
				WHERE year_of_birth BETWEEN 2008 AND 2019
				  AND person IN (SELECT person FROM gp_events
				                 WHERE obese AND event_date BETWEEN '2023-01-01' AND '2023-12-31')
				GROUP BY CUBE (deprivation_decile)`,
		},
		{
			name: "strings written three ways",
			json: `{"datasets": ["patients"], "measures": [{"kind": "count_people"}],
				"filters": [{"column": "ethnicity_group", "op": "in", "values": ["not_stated", "mixed", "white"]}]}`,
			sql: `SELECT COUNT(DISTINCT person) FROM patients WHERE ethnicity_group IN ('white', E'mixed', $$not_stated$$)`,
		},
		{
			name: "no breakdown",
			json: `{"datasets": ["patients"], "measures": [{"kind": "count_people"}],
				"filters": [{"column": "patients.deprivation_decile", "op": "eq", "values": [1]}]}`,
			sql: `SELECT COUNT(DISTINCT person) FROM patients WHERE deprivation_decile = 1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fromJSON := validated(t, decode(t, tt.json))
			fromSQL := validated(t, parsed(t, tt.sql))
			if j, s := CanonicalJSON(fromJSON), CanonicalJSON(fromSQL); string(j) != string(s) {
				t.Errorf("canonical forms differ:\nJSON: %s\nSQL:  %s", j, s)
			}
			if j, s := Hash(fromJSON), Hash(fromSQL); j != s {
				t.Errorf("Hash: JSON %s, SQL %s", j, s)
			}
		})
	}
}
