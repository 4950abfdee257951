package postgres

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

var quotedIdent = regexp.MustCompile(`"((?:[^"]|"")*)"`)

// FuzzQuerySQL: whatever a researcher writes, the statement that reaches
// PostgreSQL holds no literal and no identifier the service did not choose:
// every value is a bound parameter, every name comes from the catalogue.
func FuzzQuerySQL(f *testing.F) {
	for _, s := range []string{
		"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex",
		"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE sex = 'F''; DROP TABLE projects; --' GROUP BY sex",
		`SELECT age_band, sex, COUNT(DISTINCT person), COUNT(ae_attendances.*) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related AND arrival_date BETWEEN '2023-01-01' AND '2023-12-31' GROUP BY CUBE (age_band, sex)`,
		"SELECT ckd_stage, AVG(egfr), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY egfr) FROM gp_events WHERE ckd_stage IN ('3a', '3b') GROUP BY ckd_stage",
		"SELECT COUNT(DISTINCT person) FROM patients WHERE person IN (SELECT person FROM gp_events WHERE obese)",
		`SELECT "sex"";--", COUNT(DISTINCT person) FROM patients GROUP BY 1`,
		"SELECT egfr, event_date, COUNT(DISTINCT person), AVG(bmi) FROM gp_events WHERE egfr BETWEEN 20 AND 40 GROUP BY CUBE (egfr, event_date)",
		"SELECT year_of_birth, wait_minutes, COUNT(*) FROM ae_attendances JOIN patients USING (person) WHERE arrival_date = '2023-02-14' GROUP BY year_of_birth, wait_minutes",
	} {
		f.Add(s)
	}
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		f.Fatal(err)
	}
	allowed := map[string]bool{}
	var constants []string // the catalogue's labels and the period formats, which the statement may spell out
	for _, f := range periodFormats {
		constants = append(constants, quoteLiteral(f), "")
	}
	for _, d := range cat.Datasets() {
		allowed[DatasetTable(d.Name, d.Version)] = true
		for _, c := range d.Columns {
			allowed[c.Name] = true
			for _, l := range c.Labels() {
				constants = append(constants, quoteLiteral(l), "")
			}
		}
	}
	service := strings.NewReplacer(append(constants, "'deny'", "", "'allow'", "", "''::bytea", "")...)
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := query.Parse(sql)
		if err != nil {
			return
		}
		v, err := query.Validate(q, cat, query.Limits{})
		if err != nil {
			return
		}
		for _, lists := range [][]string{nil, {"ndoo", "type1"}} {
			// Every figure a statement can give: the magnitude rules' and
			// cell keys, and the ledger's with the lists.
			rules := disclosure.Rules{Mode: disclosure.ModeCellKey, Magnitude: disclosure.DefaultMagnitude()}
			stmt, err := buildQuery(v, cat, lists, needsPeople(v, rules, len(lists) > 0, len(lists) > 0))
			if err != nil {
				t.Fatalf("a validated query did not compile: %v", err)
			}
			checkStatement(t, stmt, service, allowed)
		}
	})
}

func checkStatement(t *testing.T, stmt querySQL, service *strings.Replacer, allowed map[string]bool) {
	t.Helper()
	// The service's own constants: list forms, the empty separator of the
	// member keys, the catalogue's bin labels and the period formats.
	text := service.Replace(stmt.text)
	if strings.ContainsAny(text, "';") || strings.Contains(text, "--") || strings.Contains(text, "/*") {
		t.Fatalf("the statement holds a literal, a separator or a comment: %s", stmt.text)
	}
	for _, m := range quotedIdent.FindAllStringSubmatch(text, -1) {
		if !allowed[strings.ReplaceAll(m[1], `""`, `"`)] {
			t.Fatalf("the statement names %q, which is not in the catalogue: %s", m[1], stmt.text)
		}
	}
	if n := strings.Count(stmt.text, "$"); n < len(stmt.args) {
		t.Fatalf("%d bound values but only %d placeholders", len(stmt.args), n)
	}
}

// TestQuerySQLBindsEveryValue: the values a query filters by are arguments,
// never text of the statement.
func TestQuerySQLBindsEveryValue(t *testing.T) {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	q, err := query.Parse(`SELECT sex, COUNT(DISTINCT person) FROM patients WHERE ethnicity_group IN ('white', 'mixed') AND year_of_birth >= 1971 GROUP BY sex`)
	if err != nil {
		t.Fatal(err)
	}
	v, err := query.Validate(q, cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	stmt, err := buildQuery(v, cat, []string{"ndoo"}, peopleNeeds{members: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, val := range []string{"white", "mixed", "1971"} {
		if strings.Contains(stmt.text, val) {
			t.Errorf("value %s is in the statement text: %s", val, stmt.text)
		}
	}
	if !slices.ContainsFunc(stmt.args, func(a any) bool { s, ok := a.([]string); return ok && slices.Contains(s, "white") }) {
		t.Errorf("the IN list is not bound: %v", stmt.args)
	}
}
