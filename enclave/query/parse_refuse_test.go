package query

import (
	"errors"
	"strings"
	"testing"
)

// TestParseRefuses checks, for statements outside the subset, the message
// and that the caret is under the offending part: at is the text found
// there (its n-th occurrence in the statement, counting from 0).
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	const from = " FROM patients"
	tests := []struct {
		name, sql, at string
		n             int
		want          string
	}{
		// Not SQL at all, or not one SELECT.
		{"syntax error", "SELECT COUNT(*) FRM patients", "patients", 0, `syntax error at or near "patients"`},
		{"syntax error after non-ASCII", "SELECT COUNT(*) FROM patients WHERE sex = 'é' AN x", "AN", 0, `syntax error at or near "AN"`},
		{"unterminated string", "SELECT COUNT(*) FROM patients WHERE sex = 'F", "'F", 0, "unterminated quoted string"},
		{"end of input", "SELECT COUNT(*) FROM patients WHERE", "", 0, "syntax error at end of input"},
		{"empty", "  -- nothing\n", "  ", 0, "no statement"},
		{"two statements", "SELECT COUNT(*) FROM patients; /* then */ DELETE FROM patients", "DELETE", 0, "only one statement"},
		{"not a SELECT", "  INSERT INTO patients VALUES (1)", "INSERT", 0, "only a SELECT statement"},
		{"NUL", "SELECT COUNT(*) FROM patients\x00", "\x00", 0, "NUL"},
		{"not UTF-8", "SELECT COUNT(*) FROM patients WHERE sex = '\xff'", "\xff", 0, "not valid UTF-8"},

		// Clauses.
		{"UNION", "SELECT COUNT(*)" + from + " UNION SELECT COUNT(*) FROM gp_events", "UNION", 0, "UNION"},
		{"WITH", "WITH p AS (SELECT * FROM patients) SELECT COUNT(*) FROM p", "WITH", 0, "WITH"},
		{"VALUES", "VALUES (1)", "VALUES", 0, "VALUES is not supported"},
		{"SELECT INTO", "SELECT COUNT(*) INTO t" + from, "INTO", 0, "SELECT INTO"},
		{"DISTINCT", "SELECT DISTINCT sex" + from, "DISTINCT", 0, "SELECT DISTINCT"},
		{"DISTINCT ON", "SELECT DISTINCT ON (sex) sex" + from, "DISTINCT", 0, "SELECT DISTINCT"},
		{"HAVING", "SELECT sex, COUNT(*)" + from + " GROUP BY sex HAVING COUNT(*) > 10", "HAVING", 0, "HAVING"},
		{"ORDER BY", "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY year_of_birth)" + from + " ORDER BY 1", "ORDER", 1, "ORDER BY"},
		{"LIMIT", "SELECT COUNT(*)" + from + " LIMIT 10", "LIMIT", 0, "LIMIT"},
		{"OFFSET", "SELECT COUNT(*)" + from + " OFFSET 10", "OFFSET", 0, "LIMIT, OFFSET"},
		{"FETCH", "SELECT COUNT(*)" + from + " FETCH FIRST 5 ROWS ONLY", "FETCH", 0, "FETCH"},
		{"FOR UPDATE", "SELECT COUNT(*)" + from + " FOR UPDATE", "FOR", 0, "FOR UPDATE"},
		{"WINDOW", "SELECT COUNT(*)" + from + " WINDOW w AS ()", "WINDOW", 0, "window functions"},
		{"GROUP BY DISTINCT", "SELECT sex, COUNT(*)" + from + " GROUP BY DISTINCT sex", "DISTINCT", 0, "GROUP BY DISTINCT"},
		{"no FROM", "SELECT COUNT(*)", "SELECT", 0, "FROM is missing"},
		{"no targets", "SELECT" + from, "SELECT", 0, "at least one aggregate"},
		{"no aggregate", "SELECT sex" + from + " GROUP BY sex", "SELECT", 0, "at least one aggregate"},

		// FROM.
		{"comma join", "SELECT COUNT(*) FROM patients, gp_events", "gp_events", 0, "not listed with commas"},
		{"LEFT JOIN", "SELECT COUNT(*) FROM patients LEFT JOIN gp_events USING (person)", "JOIN", 0, "only inner joins"},
		{"FULL JOIN", "SELECT COUNT(*) FROM patients FULL OUTER JOIN gp_events USING (person)", "JOIN", 0, "only inner joins"},
		{"NATURAL JOIN", "SELECT COUNT(*) FROM patients NATURAL JOIN gp_events", "JOIN", 0, "NATURAL JOIN"},
		{"CROSS JOIN", "SELECT COUNT(*) FROM patients CROSS JOIN gp_events", "JOIN", 0, "USING (person)"},
		{"JOIN ON", "SELECT COUNT(*) FROM patients JOIN gp_events ON patients.pid = gp_events.pid", "ON", 0, "JOIN ... ON"},
		{"USING another column", "SELECT COUNT(*) FROM patients JOIN gp_events USING (pid)", "USING", 0, "USING (person)"},
		{"USING two columns", "SELECT COUNT(*) FROM patients JOIN gp_events USING (person, pid)", "USING", 0, "USING (person)"},
		{"USING alias", "SELECT COUNT(*) FROM patients JOIN gp_events USING (person) AS j", "AS", 0, "aliases"},
		{"dataset alias", "SELECT COUNT(*) FROM patients p", "patients", 0, "aliases"},
		{"schema", "SELECT COUNT(*) FROM public.patients", "public", 0, "without a schema"},
		{"ONLY", "SELECT COUNT(*) FROM ONLY patients", "ONLY", 0, "ONLY"},
		{"joined twice", "SELECT COUNT(DISTINCT person) FROM patients JOIN gp_events USING (person) JOIN patients USING (person)", "patients", 1, "already in FROM"},
		{"subquery in FROM", "SELECT COUNT(*) FROM (SELECT * FROM patients) AS s", "(", 1, "only dataset names"},
		{"function in FROM", "SELECT COUNT(*) FROM generate_series(1, 3)", "generate_series", 0, "only dataset names"},

		// The SELECT list.
		{"star", "SELECT *" + from, "*", 0, "* is not supported"},
		{"dataset star", "SELECT patients.*, COUNT(*)" + from, "patients.*", 0, "* is not supported"},
		{"alias", "SELECT COUNT(*) AS n" + from, "COUNT", 0, "aliases (AS)"},
		{"person", "SELECT person, COUNT(*)" + from + " GROUP BY person", "person", 0, "person is the pseudonym"},
		{"expression", "SELECT year_of_birth + 1, COUNT(*)" + from, "+", 0, "only columns and the aggregates"},
		{"constant", "SELECT 1, COUNT(*)" + from, "1", 0, "only columns and the aggregates"},
		{"unknown function", "SELECT MAX(year_of_birth)" + from, "MAX", 0, "the aggregates are"},
		{"schema-qualified function", "SELECT pg_catalog.count(*)" + from, "pg_catalog", 0, "name alone"},
		{"window", "SELECT COUNT(*) OVER ()" + from, "OVER", 0, "window functions"},
		{"FILTER", "SELECT COUNT(*) FILTER (WHERE sex = 'F')" + from, "FILTER", 0, "FILTER"},
		{"COUNT column", "SELECT COUNT(sex)" + from, "sex", 0, "COUNT counts people"},
		{"COUNT person", "SELECT COUNT(person)" + from, "person", 0, "COUNT counts people"},
		{"COUNT DISTINCT column", "SELECT COUNT(DISTINCT sex)" + from, "sex", 0, "COUNT counts people"},
		{"COUNT star with a join", "SELECT COUNT(*) FROM patients JOIN gp_events USING (person)", "COUNT", 0, "COUNT(dataset.*)"},
		{"COUNT star of another dataset", "SELECT COUNT(gp_events.*)" + from, "gp_events", 0, "not in FROM"},
		{"SUM DISTINCT", "SELECT SUM(DISTINCT year_of_birth)" + from, "SUM", 0, "DISTINCT is only for counting people"},
		{"SUM of an expression", "SELECT SUM(year_of_birth * 2)" + from, "*", 0, "expected a column"},
		{"SUM of person", "SELECT SUM(person)" + from, "person", 0, "person is the pseudonym"},
		{"ORDER BY in an aggregate", "SELECT SUM(year_of_birth ORDER BY sex)" + from, "sex", 0, "ORDER BY inside an aggregate"},
		{"WITHIN GROUP elsewhere", "SELECT COUNT(*) WITHIN GROUP (ORDER BY sex)" + from, "COUNT", 0, "WITHIN GROUP is only for"},
		{"percentile without WITHIN GROUP", "SELECT PERCENTILE_CONT(0.5)" + from, "PERCENTILE_CONT", 0, "WITHIN GROUP is only for"},
		{"percentile of 1", "SELECT PERCENTILE_CONT(1) WITHIN GROUP (ORDER BY year_of_birth)" + from, "1)", 0, "between 0 and 1"},
		{"percentile of 1.5", "SELECT PERCENTILE_CONT(1.5) WITHIN GROUP (ORDER BY year_of_birth)" + from, "1.5", 0, "between 0 and 1"},
		{"percentile array", "SELECT PERCENTILE_CONT(ARRAY[0.5]) WITHIN GROUP (ORDER BY year_of_birth)" + from, "ARRAY", 0, "between 0 and 1"},
		{"percentile DESC", "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY year_of_birth DESC)" + from, "year_of_birth", 0, "only ascending"},
		{"percentile NULLS", "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY year_of_birth NULLS FIRST)" + from, "year_of_birth", 0, "NULLS FIRST"},
		{"three-part column", "SELECT COUNT(*), a.b.c" + from, "a.b.c", 0, "column or dataset.column"},
		{"column of a dataset not in FROM", "SELECT gp_events.obese, COUNT(*)" + from + " GROUP BY gp_events.obese", "gp_events", 0, "not in FROM"},

		// GROUP BY.
		{"selected, not grouped", "SELECT sex, COUNT(*)" + from, "sex", 0, "must be in GROUP BY"},
		{"grouped, not selected", "SELECT COUNT(*)" + from + " GROUP BY sex", "sex", 0, "must also be selected"},
		{"grouped twice", "SELECT sex, COUNT(*)" + from + " GROUP BY sex, patients.sex", "patients.sex", 0, "already in GROUP BY"},
		{"written differently with a join", "SELECT sex, COUNT(DISTINCT person) FROM patients JOIN gp_events USING (person) GROUP BY patients.sex", "sex", 0, "written the same way"},
		{"by position", "SELECT sex, COUNT(*)" + from + " GROUP BY 1", "1", 0, "by name"},
		{"by expression", "SELECT COUNT(*)" + from + " GROUP BY year_of_birth / 10", "/", 0, "by name"},
		{"ROLLUP", "SELECT sex, COUNT(*)" + from + " GROUP BY ROLLUP (sex)", "ROLLUP", 0, "only CUBE"},
		{"GROUPING SETS", "SELECT sex, COUNT(*)" + from + " GROUP BY GROUPING SETS ((sex), ())", "GROUPING", 0, "only CUBE"},
		{"CUBE and more", "SELECT sex, COUNT(*)" + from + " GROUP BY CUBE (sex), ethnicity_group", "CUBE", 0, "by name"},

		// WHERE.
		{"OR", "SELECT COUNT(*)" + from + " WHERE sex = 'F' OR sex = 'M'", "OR", 0, "OR is not supported"},
		{"NOT", "SELECT COUNT(*)" + from + " WHERE NOT sex = 'F'", "NOT", 0, "NOT is not supported"},
		{"not equal", "SELECT COUNT(*)" + from + " WHERE sex <> 'F'", "<>", 0, "<> and NOT are not supported"},
		{"not equal, C style", "SELECT COUNT(*)" + from + " WHERE sex != 'F'", "!=", 0, "<> and NOT"},
		{"NOT IN", "SELECT COUNT(*)" + from + " WHERE sex NOT IN ('F')", "NOT", 0, "NOT IN"},
		{"NOT BETWEEN", "SELECT COUNT(*)" + from + " WHERE year_of_birth NOT BETWEEN 1 AND 2", "NOT", 0, "no NOT or SYMMETRIC"},
		{"BETWEEN SYMMETRIC", "SELECT COUNT(*)" + from + " WHERE year_of_birth BETWEEN SYMMETRIC 2 AND 1", "BETWEEN", 0, "no NOT or SYMMETRIC"},
		{"LIKE", "SELECT COUNT(*)" + from + " WHERE lsoa_code LIKE 'E01%'", "LIKE", 0, "pattern matching"},
		{"ILIKE", "SELECT COUNT(*)" + from + " WHERE lsoa_code ILIKE 'e01%'", "ILIKE", 0, "pattern matching"},
		{"regex", "SELECT COUNT(*)" + from + " WHERE lsoa_code ~ '^E01'", "~", 0, "<> and NOT"},
		{"ANY", "SELECT COUNT(*)" + from + " WHERE sex = ANY (ARRAY['F'])", "=", 0, "ANY and ALL"},
		{"IS NULL", "SELECT COUNT(*)" + from + " WHERE sex IS NULL", "IS", 0, "IS NULL"},
		{"IS TRUE", "SELECT COUNT(*) FROM gp_events WHERE obese IS TRUE", "IS", 0, "IS TRUE"},
		{"IS DISTINCT FROM", "SELECT COUNT(*)" + from + " WHERE sex IS DISTINCT FROM 'F'", "IS", 0, "compares a column with constants"},
		{"NULL", "SELECT COUNT(*)" + from + " WHERE sex = NULL", "NULL", 0, "NULL is not supported"},
		{"two columns", "SELECT COUNT(*)" + from + " WHERE sex = ethnicity_group", "ethnicity_group", 0, "not with another column"},
		{"two constants", "SELECT COUNT(*)" + from + " WHERE 1 = 1", "1", 0, "written alone"},
		{"function of a column", "SELECT COUNT(*)" + from + " WHERE lower(sex) = 'f'", "lower", 0, "written alone"},
		{"expression value", "SELECT COUNT(*)" + from + " WHERE year_of_birth > 2000 + 5", "+", 0, "only constants"},
		{"function value", "SELECT COUNT(*) FROM gp_events WHERE event_date > now()", "now", 0, "only constants"},
		{"parameter", "SELECT COUNT(*)" + from + " WHERE sex = $1", "$1", 0, "only constants"},
		{"cast", "SELECT COUNT(*)" + from + " WHERE year_of_birth = '2000'::int", "::", 0, "casts are not supported"},
		{"CAST", "SELECT COUNT(*)" + from + " WHERE year_of_birth = CAST('2000' AS integer)", "CAST", 0, "casts are not supported"},
		{"date of a number", "SELECT COUNT(*) FROM gp_events WHERE event_date = 20200101::date", "::", 0, "casts are not supported"},
		{"bit string", "SELECT COUNT(*)" + from + " WHERE sex = B'101'", "B'101'", 0, "bit strings"},
		{"person compared", "SELECT COUNT(*)" + from + " WHERE person = 'p1.00'", "person", 0, "person is the pseudonym"},
		{"constant alone", "SELECT COUNT(*)" + from + " WHERE true", "true", 0, "compares a column with constants"},
		{"EXISTS", "SELECT COUNT(*)" + from + " WHERE EXISTS (SELECT 1 FROM gp_events)", "EXISTS", 0, "EXISTS is not supported"},
		{"scalar subquery", "SELECT COUNT(*)" + from + " WHERE year_of_birth = (SELECT 1)", "(SELECT", 0, "only constants"},
		{"IN subquery of a column", "SELECT COUNT(*)" + from + " WHERE sex IN (SELECT sex FROM patients)", "sex", 0, "only allowed as the cohort"},
		{"NOT IN subquery", "SELECT COUNT(*)" + from + " WHERE person NOT IN (SELECT person FROM gp_events)", "NOT", 0, "NOT is not supported"},

		// The cohort.
		{"cohort by another operator", "SELECT COUNT(*)" + from + " WHERE person < ANY (SELECT person FROM gp_events)", "<", 0, "only allowed as the cohort"},
		{"OPERATOR syntax", "SELECT COUNT(*)" + from + " WHERE sex OPERATOR(pg_catalog.=) 'F'", "OPERATOR", 0, "the comparisons are"},
		{"two cohorts", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events) AND person IN (SELECT person FROM social_care)", "IN", 1, "only one cohort"},
		{"nested cohort", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events WHERE person IN (SELECT person FROM social_care))", "IN", 1, "cannot contain another cohort"},
		{"cohort selects a column", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT obese FROM gp_events)", "obese", 0, "selects person alone"},
		{"cohort selects two", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person, obese FROM gp_events)", "SELECT", 1, "selects person alone"},
		{"cohort join", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events JOIN social_care USING (person))", "gp_events", 0, "one dataset"},
		{"cohort GROUP BY", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events GROUP BY person)", "person", 2, "GROUP BY is not supported in the cohort"},
		{"cohort LIMIT", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events LIMIT 5)", "LIMIT", 0, "LIMIT"},
		{"cohort OR", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events WHERE obese OR bmi > 30)", "OR", 0, "OR is not supported"},
		{"cohort correlated", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person FROM gp_events WHERE patients.sex = 'F')", "patients.sex", 0, "its own dataset"},
		{"cohort without FROM", "SELECT COUNT(*)" + from + " WHERE person IN (SELECT person)", "SELECT", 1, "FROM is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := Parse(tt.sql)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %+v, %v; want a *SyntaxError", tt.sql, q, err)
			}
			want := nth(tt.sql, tt.at, tt.n)
			if tt.at == "" {
				want = len(tt.sql)
			}
			if se.Pos != want || !strings.Contains(se.Message, tt.want) {
				t.Errorf("Parse(%q):\n%v\nwant the caret at byte %d and a message containing %q", tt.sql, err, want, tt.want)
			}
		})
	}
}

func TestParseTooLong(t *testing.T) {
	t.Parallel()
	const base = "SELECT COUNT(*) FROM patients "
	longest := base + strings.Repeat(" ", MaxStatement-len(base))
	if _, err := Parse(longest); err != nil {
		t.Errorf("Parse of %d bytes: %v", len(longest), err)
	}
	_, err := Parse(longest + " ")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != MaxStatement || se.Message != "the statement is longer than 65536 bytes" {
		t.Errorf("Parse of %d bytes: %v", len(longest)+1, err)
	}
}

// nth returns the offset of the n-th occurrence of sub in s, or -1.
func nth(s, sub string, n int) int {
	at := -1
	for range n + 1 {
		i := strings.Index(s[at+1:], sub)
		if i < 0 {
			return -1
		}
		at += 1 + i
	}
	return at
}
