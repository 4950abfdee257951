package query

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every refusal is a
// *SyntaxError placed within the statement, and that what it accepts
// survives validation and the canonical encoding.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"SELECT COUNT(DISTINCT person) FROM patients",
		"SELECT sex, age_band, COUNT(DISTINCT person), COUNT(ae_attendances.*) FROM patients JOIN ae_attendances USING (person) " +
			"WHERE alcohol_related AND arrival_date BETWEEN DATE '2023-01-01' AND '2023-12-31' AND sex IN ('F', 'M') GROUP BY CUBE (sex, age_band)",
		"SELECT ckd_stage, AVG(egfr), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY egfr) FROM gp_events " +
			"WHERE person IN (SELECT person FROM gp_events WHERE obese) AND event_date < '2024-01-01'::date GROUP BY ckd_stage",
		"SELECT service_type, SUM(weekly_cost) FROM social_care WHERE 100.5 < weekly_cost GROUP BY service_type;",
		"SELECT egfr, event_date, COUNT(DISTINCT person) FROM gp_events WHERE egfr BETWEEN 20 AND 40 AND event_date = '2023-02-14' GROUP BY CUBE (egfr, event_date)",
		"SELECT year_of_birth, COUNT(DISTINCT person) FROM patients WHERE year_of_birth IN (1950, 1960) AND year_of_birth > 1949 GROUP BY year_of_birth",
		"SELECT COUNT(*) FROM patients WHERE sex = 'é' OR x\n\tLIMIT 1",
		"WITH a AS (SELECT 1) SELECT * FROM a",
		"SELECT 'unterminated",
		"/* c */ -- d\n",
		"SELECT COUNT(*) FROM patients; SELECT 1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := Parse(sql)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse error %T %v is not a *SyntaxError", err, err)
			}
			if se.Pos < 0 || se.Pos > len(sql) {
				t.Fatalf("Pos %d outside a statement of %d bytes", se.Pos, len(sql))
			}
			if want := strings.Count(sql[:se.Pos], "\n") + 1; se.Line != want || se.Col < 1 || se.Message == "" {
				t.Fatalf("Line %d (want %d), Col %d, Message %q", se.Line, want, se.Col, se.Message)
			}
			if !strings.HasSuffix(err.Error(), "^") {
				t.Fatalf("Error() has no caret: %q", err)
			}
			return
		}
		checkRoundTrip(t, q)
	})
}

// FuzzValidateJSON checks that Validate never panics on any JSON body and
// that what it accepts survives the canonical encoding.
func FuzzValidateJSON(f *testing.F) {
	for _, s := range []string{
		`{"datasets": ["patients"], "measures": [{"kind": "count_people"}]}`,
		`{"datasets": ["patients", "ae_attendances"], "measures": [{"kind": "count_events", "dataset": "ae_attendances"},
		  {"kind": "percentile", "column": "wait_minutes", "p": 0.5}], "group_by": ["sex", "age_band"],
		  "filters": [{"column": "arrival_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]},
		              {"column": "year_of_birth", "op": "gte", "values": [1950]}],
		  "cohort": {"dataset": "gp_events", "filters": [{"column": "obese", "op": "eq", "values": [true]}]}, "totals": true}`,
		`{"datasets": ["gp_events"], "measures": [{"kind": "sum", "column": "bmi"}], "filters": [{"column": "bmi", "op": "lt", "values": [-0.0]}]}`,
		`{"datasets": ["ae_attendances"], "measures": [{"kind": "count_events"}], "group_by": ["wait_minutes", "arrival_date"],
		  "filters": [{"column": "wait_minutes", "op": "gt", "values": [59]}, {"column": "arrival_date", "op": "lt", "values": ["2023-03-02"]}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var q Query
		if json.Unmarshal([]byte(body), &q) != nil {
			return
		}
		checkRoundTrip(t, q)
	})
}

// checkRoundTrip validates q and, when it is valid, checks that the result
// validates to itself and that its canonical encoding reads back to the
// same hash.
func checkRoundTrip(t *testing.T, q Query) {
	t.Helper()
	_ = Hash(q) // any query hashes
	v, err := Validate(q, demoCatalogue(t), Limits{})
	if err != nil {
		var ve *Error
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Fatalf("Validate error %T %v", err, err)
		}
		return
	}
	again, err := Validate(v, demoCatalogue(t), Limits{})
	if err != nil || Hash(again) != Hash(v) {
		t.Fatalf("Validate of %s = %s, %v", CanonicalJSON(v), CanonicalJSON(again), err)
	}
	var back Query
	if err := json.Unmarshal(CanonicalJSON(v), &back); err != nil || Hash(back) != Hash(v) {
		t.Fatalf("the encoding %s reads back as %s, %v", CanonicalJSON(v), CanonicalJSON(back), err)
	}
}
