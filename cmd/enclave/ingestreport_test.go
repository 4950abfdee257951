package main

import (
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/ingest"
)

// TestPrintLoadReportSkipped: rows a when: condition skipped are counted
// apart from rejected ones, by reason, so that the counts printed add up.
func TestPrintLoadReportSkipped(t *testing.T) {
	t.Parallel()
	r := ingest.Report{Record: ingest.Record{
		ID: 7, Dataset: "ae_attendances", DatasetVersion: 1, Mapping: "ae_ages", MappingVersion: 2, KeyVersion: 1,
		RowsRead: 10, RowsStored: 6, RowsRejected: 1, RowsSkipped: 3,
		RejectedByReason: map[string]int64{"age.implausible": 1},
		SkippedByReason:  map[string]int64{"row.condition": 3},
		Rejects:          []ingest.Reject{{Line: 4, Column: "AGE", Reason: "age.implausible"}},
	}}
	var b strings.Builder
	if err := printLoadReport(&b, r); err != nil {
		t.Fatal(err)
	}
	const want = `Load 7 into ae_attendances (version 1) with mapping ae_ages v2, key version 1:
  10 rows read, 6 stored, 1 rejected, 3 skipped (not for this dataset)
  SKIPPED          ROWS
  row.condition    3
  REASON           ROWS
  age.implausible  1

  LINE  COLUMN  REASON
  4     AGE     age.implausible
`
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}

	r.RowsRejected, r.RowsStored, r.RejectedByReason, r.Rejects = 0, 7, map[string]int64{}, nil
	b.Reset()
	if err := printLoadReport(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "  10 rows read, 7 stored, 0 rejected, 3 skipped (not for this dataset)\n  SKIPPED        ROWS\n  row.condition  3\n") {
		t.Errorf("report without rejects:\n%s", b.String())
	}
}
