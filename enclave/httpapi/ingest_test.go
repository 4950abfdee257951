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
	// A dry run of them, which reports the same rejects and keeps their
	// values out of its audit event too.
	status, _, resp = api.call(t, enclave.RoleOperator, "POST", "/v1/datasets/patients/loads?mapping=synth_patients&dry_run=true", "text/csv", bad+numbers[3]+",1980-05-17,F,LS1 4AP,E01011365,3,white\n")
	if status != http.StatusOK || !strings.Contains(resp, `"dry_run":true`) || !strings.Contains(resp, `"rows_rejected":3`) || !strings.Contains(resp, `"rows_stored":1`) {
		t.Fatalf("dry run with bad rows: %d %s", status, resp)
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

// TestDryRunStoresNothingButItsEvent: a dry run reports what a load would
// do, stores no row and no load record (the file then loads), and leaves a
// dataset.check event; GET /v1/mappings/{mapping} gives the columns a
// header must hold, to operators only.
func TestDryRunStoresNothingButItsEvent(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	body := "nhs_number,date_of_birth,sex,postcode,lsoa_code,deprivation_decile,ethnicity_group\n" +
		"9990000018,1980-05-17,F,LS1 4AP,E01011365,3,white\n9990000026,1980-02-30,M,LS1 4AP,E01011365,3,white\n"
	const path = "/v1/datasets/patients/loads?mapping=synth_patients"
	status, _, resp := api.call(t, enclave.RoleOperator, "POST", path+"&dry_run=true", "text/csv", body)
	if status != http.StatusOK || !strings.Contains(resp, `"dry_run":true`) || !strings.Contains(resp, `"rows_stored":1`) ||
		!strings.Contains(resp, `"rejected_by_reason":{"date.invalid":1}`) || !strings.Contains(resp, `"load_id":0`) {
		t.Fatalf("dry run: %d %s", status, resp)
	}
	events := api.events(t, "?kind=dataset.check")
	if len(events) != 1 || !strings.Contains(string(events[0].Body), `"dry_run":true`) || strings.Contains(string(events[0].Body), "9990000018") {
		t.Errorf("dataset.check events: %+v", events)
	}
	if n := len(api.events(t, "?kind=dataset.load")); n != 0 {
		t.Errorf("%d dataset.load events after a dry run", n)
	}
	if status, _, resp := api.call(t, enclave.RoleOperator, "POST", path, "text/csv", body); status != http.StatusCreated || !strings.Contains(resp, `"rows_stored":1`) {
		t.Errorf("the load after a dry run: %d %s", status, resp)
	}
	status, ctype, resp := api.call(t, enclave.RoleOperator, "POST", path+"&dry_run=yes", "text/csv", body)
	wantProblem(t, status, ctype, resp, http.StatusBadRequest, "dry_run must be true or false")

	status, _, resp = api.call(t, enclave.RoleOperator, "GET", "/v1/mappings/synth_patients", "", "")
	if status != http.StatusOK || !strings.Contains(resp, `"sources":["nhs_number","date_of_birth","sex","lsoa_code","deprivation_decile","ethnicity_group","postcode"]`) ||
		!strings.Contains(resp, `"dataset":"patients"`) {
		t.Errorf("GET mapping: %d %s", status, resp)
	}
	status, ctype, resp = api.call(t, enclave.RoleOperator, "GET", "/v1/mappings/nope", "", "")
	wantProblem(t, status, ctype, resp, http.StatusNotFound, `no mapping \"nope\"`)
}
