package regionbench

import (
	"fmt"
	"strings"
)

// question is one question asked through the API, with the hand-written
// SQL that computes the same cells directly on PostgreSQL.
type question struct {
	name     string
	datasets []string // the datasets it reads, for the rows column
	sql      string   // the researcher's restricted SQL
	raw      string   // the baseline
}

// excluded is the hand-written opt-out exclusion the API applies to an s251
// project (both lists, deny form), for alias a.
func excluded(a string) string {
	return fmt.Sprintf(`NOT EXISTS (SELECT FROM optout_current c JOIN optout_entries e ON e.version_id = c.id
	WHERE c.list IN ('ndoo', 'type1') AND c.form = 'deny' AND e.pid = %s.pid)`, a)
}

// The SNOMED CT codes synth writes for the two GP observations.
const (
	snomedBMI  = "60621009"
	snomedEGFR = "1011481000000105"
)

// questions are the demo's care-pathway questions (printed by `enclave
// demo`, and the examples in docs/queries.md), then a sum and a mean of each
// numeric measure of the standard datasets.
var questions = []question{
	{
		"demo: alcohol-related A&E by age band and sex", []string{"ae_attendances", "patients"},
		"SELECT age_band, sex, COUNT(DISTINCT person) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related GROUP BY age_band, sex",
		`SELECT a.age_band, p.sex, count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a JOIN ds_patients_v1 p ON p.pid = a.pid
		WHERE a.alcohol_related AND ` + excluded("a") + ` GROUP BY a.age_band, p.sex`,
	},
	{
		"demo: obese children by LSOA", []string{"gp_events", "patients"},
		"SELECT lsoa_code, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) WHERE obese GROUP BY lsoa_code",
		`SELECT p.lsoa_code, count(DISTINCT g.pid) FROM ds_gp_events_v1 g JOIN ds_patients_v1 p ON p.pid = g.pid
		WHERE g.obese AND ` + excluded("g") + ` GROUP BY p.lsoa_code`,
	},
	{
		"demo: CKD stage by deprivation decile", []string{"gp_events", "patients"},
		"SELECT ckd_stage, deprivation_decile, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) GROUP BY ckd_stage, deprivation_decile",
		`SELECT g.ckd_stage, p.deprivation_decile, count(DISTINCT g.pid) FROM ds_gp_events_v1 g JOIN ds_patients_v1 p ON p.pid = g.pid
		WHERE ` + excluded("g") + ` GROUP BY g.ckd_stage, p.deprivation_decile`,
	},
	{
		"childhood obesity by deprivation decile, 2023, with totals", []string{"patients", "gp_events"},
		`SELECT deprivation_decile, COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN 2008 AND 2019
		AND person IN (SELECT person FROM gp_events WHERE obese AND event_date BETWEEN '2023-01-01' AND '2023-12-31')
		GROUP BY CUBE (deprivation_decile)`,
		`SELECT p.deprivation_decile, count(DISTINCT p.pid) FROM ds_patients_v1 p WHERE p.year_of_birth BETWEEN 2008 AND 2019
		AND p.pid IN (SELECT g.pid FROM ds_gp_events_v1 g WHERE g.obese AND g.event_date BETWEEN '2023-01-01' AND '2023-12-31')
		AND ` + excluded("p") + ` GROUP BY CUBE (p.deprivation_decile)`,
	},
	{
		"alcohol-related A&E by age band and sex, 2023: attendances and people", []string{"ae_attendances", "patients"},
		`SELECT age_band, sex, COUNT(ae_attendances.*), COUNT(DISTINCT person) FROM ae_attendances JOIN patients USING (person)
		WHERE alcohol_related AND arrival_date BETWEEN DATE '2023-01-01' AND DATE '2023-12-31' GROUP BY age_band, sex`,
		`SELECT a.age_band, p.sex, count(*), count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a JOIN ds_patients_v1 p ON p.pid = a.pid
		WHERE a.alcohol_related AND a.arrival_date BETWEEN DATE '2023-01-01' AND DATE '2023-12-31' AND ` + excluded("a") + `
		GROUP BY a.age_band, p.sex`,
	},
	{
		"breast screening outcome by familial risk, 2022/23", []string{"breast_screening"},
		`SELECT result, risk_category, COUNT(*), COUNT(DISTINCT person) FROM breast_screening
		WHERE screening_date BETWEEN '2022-04-01' AND '2023-03-31' GROUP BY result, risk_category`,
		`SELECT s.result, s.risk_category, count(*), count(DISTINCT s.pid) FROM ds_breast_screening_v1 s
		WHERE s.screening_date BETWEEN '2022-04-01' AND '2023-03-31' AND ` + excluded("s") + ` GROUP BY s.result, s.risk_category`,
	},
	{
		"CKD stages 3a-5 in 2023: people, mean and median eGFR", []string{"gp_events"},
		`SELECT ckd_stage, COUNT(DISTINCT person), AVG(egfr), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY egfr) FROM gp_events
		WHERE ckd_stage IN ('3a', '3b', '4', '5') AND event_date >= '2023-01-01' AND event_date <= '2023-12-31' GROUP BY ckd_stage`,
		`SELECT g.ckd_stage, count(DISTINCT g.pid), avg(g.egfr), percentile_cont(0.5) WITHIN GROUP (ORDER BY g.egfr) FROM ds_gp_events_v1 g
		WHERE g.ckd_stage IN ('3a', '3b', '4', '5') AND g.event_date BETWEEN '2023-01-01' AND '2023-12-31' AND ` + excluded("g") + `
		GROUP BY g.ckd_stage`,
	},
	measure("sum", "A&E wait minutes by age band", "ae_attendances", "wait_minutes", "age_band", ""),
	measure("mean", "A&E wait minutes by age band", "ae_attendances", "wait_minutes", "age_band", ""),
	measure("sum", "BMI by obese", "gp_events", "bmi", "obese", snomedBMI),
	measure("mean", "BMI by obese", "gp_events", "bmi", "obese", snomedBMI),
	measure("sum", "eGFR by CKD stage", "gp_events", "egfr", "ckd_stage", snomedEGFR),
	measure("mean", "eGFR by CKD stage", "gp_events", "egfr", "ckd_stage", snomedEGFR),
}

// measure is a sum or mean of column over one dataset by one dimension, on
// the entries of one SNOMED CT code when code is set. The baseline also
// counts the people in each cell, as the disclosure rules need.
func measure(kind, title, dataset, column, by, code string) question {
	fn := map[string]string{"sum": "SUM", "mean": "AVG"}[kind]
	where, rawWhere := "", ""
	if code != "" {
		where = " WHERE snomed_code = '" + code + "'"
		rawWhere = "d.snomed_code = '" + code + "' AND "
	}
	return question{
		kind + ": " + title, []string{dataset},
		fmt.Sprintf("SELECT %s, %s(%s) FROM %s%s GROUP BY %s", by, fn, column, dataset, where, by),
		fmt.Sprintf("SELECT d.%s, count(DISTINCT d.pid), %s(d.%s) FROM ds_%s_v1 d WHERE %s%s GROUP BY d.%s",
			by, strings.ToLower(fn), column, dataset, rawWhere, excluded("d"), by),
	}
}
