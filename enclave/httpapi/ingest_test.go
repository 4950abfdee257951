package httpapi

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/synth"
)

var nhsNumberRe = regexp.MustCompile(`\b999[0-9]{7}\b`)

// TestIngestKeepsIdentifiersOut (invariant 1): after loading every synthetic
// file and one with bad rows through the API, no NHS number from the input
// is in any column of any table (the audit log's included), in the server's
// log or in an answer.
func TestIngestKeepsIdentifiersOut(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 300, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	var numbers []string
	var answers strings.Builder
	for _, ds := range []string{"patients", "gp_events", "ae_attendances", "breast_screening", "social_care"} {
		body, err := os.ReadFile(filepath.Join(dir, ds+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, nhsNumberRe.FindAllString(string(body), -1)...)
		status, _, resp := api.call(t, enclave.RoleOperator, "POST", "/v1/datasets/"+ds+"/loads?mapping=synth_"+ds, "text/csv", string(body))
		if status != http.StatusCreated || !strings.Contains(resp, `"rows_rejected":0`) {
			t.Fatalf("load %s: %d %s", ds, status, resp)
		}
		answers.WriteString(resp)
	}
	// Rows the mapping refuses, whose values must not come back either.
	bad := "nhs_number,date_of_birth,sex,postcode,lsoa_code,deprivation_decile,ethnicity_group\n" +
		numbers[0] + ",1980-02-30,F,LS1 4AP,E01011365,3,white\n" +
		numbers[1] + ",1980-05-17,Q,LS1 4AP,E01011365,3,white\n" +
		numbers[2][:9] + "0,1980-05-17,F,LS1 4AP,E01011365,3,white\n"
	numbers = append(numbers, numbers[2][:9]+"0")
	status, _, resp := api.call(t, enclave.RoleOperator, "POST", "/v1/datasets/patients/loads?mapping=synth_patients", "text/csv", bad)
	if status != http.StatusCreated || !strings.Contains(resp, `"rows_rejected":3`) {
		t.Fatalf("load with bad rows: %d %s", status, resp)
	}
	answers.WriteString(resp)
	if len(numbers) < 300 {
		t.Fatalf("only %d NHS numbers in the input", len(numbers))
	}
	api.assertDatabaseFree(t, numbers)
	assertNoNumber(t, "the server log", api.log.String(), numbers)
	assertNoNumber(t, "the answers", answers.String(), numbers)
}

// assertDatabaseFree reads every column of every table as text and fails if
// any value holds one of the numbers (see assertNoNumber).
func (a *testAPI) assertDatabaseFree(t *testing.T, lists ...[]string) {
	t.Helper()
	ctx := context.Background()
	super := a.db.Super(t)
	rows, err := super.Query(ctx, `SELECT table_name, column_name, format('SELECT %I::text FROM %I', column_name, table_name)
		FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`)
	if err != nil {
		t.Fatal(err)
	}
	var columns []struct{ name, read string }
	for rows.Next() {
		var table, column, read string
		if err := rows.Scan(&table, &column, &read); err != nil {
			t.Fatal(err)
		}
		columns = append(columns, struct{ name, read string }{table + "." + column, read})
	}
	if err := rows.Err(); err != nil || len(columns) == 0 {
		t.Fatalf("columns: %v", err)
	}
	for _, c := range columns {
		rows, err := super.Query(ctx, c.read)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v *string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if v != nil {
				assertNoNumber(t, c.name, *v, lists...)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
}
