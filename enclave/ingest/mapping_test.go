package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// aeAgesMapping loads type 1 A&E attendances from an extract that gives
// ages in whole years, not dates of birth.
const aeAgesMapping = `mapping: test_ae_ages
version: 1
dataset: ae_attendances
when:
  - {column: DEPT_TYPE, equals: "01"}
absent: [free_text]
columns:
  - {source: NHS_NUMBER, identifier: {type: nhs, synthetic: allow}}
  - {source: ARRIVAL, target: arrival_date, date: {layout: "2006-01-02", coarsen: none}}
  - source: AGE
    target: age_band
    age: {bands: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85]}
  - {source: ALCOHOL, target: alcohol_related}
  - {source: DIAGNOSIS, target: diagnosis_code}
  - {source: WAIT_MINS, target: wait_minutes}
  - {source: DEPT_TYPE, drop: true}
`

const aeAgesFile = `NHS_NUMBER,ARRIVAL,AGE,ALCOHOL,DIAGNOSIS,WAIT_MINS,DEPT_TYPE
9990000018,2024-04-05,0,false,J06.9,95,01
9990000026,2024-04-05,4,false,J06.9,120,01
9990000034,2024-04-06, 85 ,true,F10.0,212,01
9990000042,2024-04-06,130,false,S72.0,348,01
9990000050,2024-04-07,37,false,S72.0,60,03
9990000069,2024-04-07,forty,maybe,,n/a,02
,2024-04-07,,,,,
9990000077,2024-04-07,-1,false,J06.9,30,01
9990000085,2024-04-07,131,false,J06.9,30,01
9990000093,2024-04-07,,false,J06.9,30, 01
`

// TestLoadAgesAndConditions loads a file with ages in whole years, banded
// on the way in, and rows for other departments, skipped unread: only the
// type 1 rows are stored or rejected, and every count adds up, in the
// report, the load's record, its audit event and a reload's answer.
func TestLoadAgesAndConditions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, 0)
	ms, err := ingest.LoadMappings(fstest.MapFS{"ae.yaml": {Data: []byte(aeAgesMapping)}}, f.svc.Mappings().Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Mappings = func() *ingest.Mappings { return ms }
	r, err := f.load(t, "ae_attendances", "test_ae_ages", []byte(aeAgesFile))
	if err != nil {
		t.Fatal(err)
	}
	wantRejects := []ingest.Reject{
		{Line: 9, Column: "AGE", Reason: "age.negative"},
		{Line: 10, Column: "AGE", Reason: "age.implausible"},
		{Line: 11, Column: "AGE", Reason: "value.required"},
	}
	if r.RowsRead != 10 || r.RowsStored != 4 || r.RowsRejected != 3 || r.RowsSkipped != 3 ||
		!maps.Equal(r.SkippedByReason, map[string]int64{"row.condition": 3}) ||
		!maps.Equal(r.RejectedByReason, map[string]int64{"age.negative": 1, "age.implausible": 1, "value.required": 1}) ||
		!slices.Equal(r.Rejects, wantRejects) {
		t.Errorf("report %+v", r)
	}

	rows, err := f.pool.Pool.Query(ctx, `SELECT arrival_date::text, age_band, alcohol_related, diagnosis_code, wait_minutes
		FROM ds_ae_attendances_v1 WHERE load_id = $1 AND pid IS NOT NULL AND free_text IS NULL ORDER BY wait_minutes`, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var date, band, diag string
		var alcohol bool
		var wait int64
		if err := rows.Scan(&date, &band, &alcohol, &diag, &wait); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %t %s %d", date, band, alcohol, diag, wait))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2024-04-05 0-4 false J06.9 95",
		"2024-04-05 0-4 false J06.9 120",
		"2024-04-06 85+ true F10.0 212",
		"2024-04-06 85+ false S72.0 348",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stored rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The record keeps the skipped rows apart, and only rejects are listed.
	if n := f.count(t, `SELECT count(*) FROM dataset_loads WHERE id = `+itoa(r.ID)+` AND rows_read = 10 AND rows_stored = 4
		AND rows_rejected = 3 AND rows_skipped = 3 AND skipped_by_reason = '{"row.condition": 3}'`); n != 1 {
		t.Errorf("the load's record does not hold its counts")
	}
	if n := f.count(t, `SELECT count(*) FROM dataset_load_rejects WHERE load_id = `+itoa(r.ID)); n != 3 {
		t.Errorf("%d rejected lines recorded, want 3", n)
	}
	evs, err := f.audit.Store.Events(ctx, enclave.AuditFilter{Kind: string(audit.KindDatasetLoad), After: -1})
	if err != nil || len(evs) != 1 {
		t.Fatalf("audit events %v, %v", evs, err)
	}
	var body struct {
		Skipped  int64            `json:"rows_skipped"`
		ByReason map[string]int64 `json:"skipped_by_reason"`
	}
	if err := json.Unmarshal(evs[0].Body, &body); err != nil || body.Skipped != 3 || body.ByReason["row.condition"] != 3 {
		t.Errorf("audit body %s (%v)", evs[0].Body, err)
	}

	// Loading the same file again answers with the record, skips included.
	again, err := f.load(t, "ae_attendances", "test_ae_ages", []byte(aeAgesFile))
	if err != nil || !again.Duplicate || again.RowsSkipped != 3 || again.SkippedByReason["row.condition"] != 3 {
		t.Errorf("reload: %+v, %v", again, err)
	}
}

// TestLoadCountsAddUp: the database refuses a load record whose stored,
// rejected and skipped rows do not add up to the rows read.
func TestLoadCountsAddUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)
	for _, c := range []struct {
		stored, rejected, skipped int
		ok                        bool
	}{{4, 3, 3, true}, {4, 3, 2, false}, {4, 3, 4, false}, {4, 7, -1, false}} {
		_, err := f.pool.Pool.Exec(context.Background(), `INSERT INTO dataset_loads (dataset, dataset_version, mapping,
			mapping_version, mapping_revision, content_sha256, key_version, key_dev, rows_read, rows_stored, rows_rejected,
			rejected_by_reason, rows_skipped, skipped_by_reason, loaded_at, loaded_by)
			VALUES ('ae_attendances', 1, 'm', 1, 'sha256:0', sha256($1::bytea), 1, true, 10, $2, $3, '{}', $4, '{}', now(), 'otto')`,
			[]byte(fmt.Sprint(c)), c.stored, c.rejected, c.skipped)
		if (err == nil) != c.ok {
			t.Errorf("stored %d, rejected %d, skipped %d of 10: error %v", c.stored, c.rejected, c.skipped, err)
		}
	}
}
