package ingest

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
)

// Checked is what reading a whole file with a mapping finds, as a load
// would, with nothing pseudonymised or stored: every row is read, checked
// and converted.
type Checked struct {
	RowsRead         int64            `json:"rows_read"`
	RowsValid        int64            `json:"rows_valid"` // rows a load would store
	RowsRejected     int64            `json:"rows_rejected"`
	RejectedByReason map[string]int64 `json:"rejected_by_reason"`
	Rejects          []Reject         `json:"rejects"`      // the first MaxListedRejects, by line
	RowsSkipped      int64            `json:"rows_skipped"` // rows a when: condition keeps out
	SkippedByReason  map[string]int64 `json:"skipped_by_reason"`
}

// Check reads body (plain or gzip CSV) with m as a load on day today would.
// A header that does not match the mapping is a *mapping.HeaderError, whose
// Named method names the columns from the header; a file that cannot be
// read as CSV, or to its end, is an error too, classified as a load's. It needs no key source and
// no database, so a provider can run it on their own machine
// (`enclave mapping check --sample`).
func Check(ctx context.Context, m *mapping.Mapping, body io.Reader, today time.Time) (Checked, error) {
	rd, tr, err := open(m, body, today)
	if err != nil {
		return Checked{}, err
	}
	t := newTally(ctx, rd, tr)
	var valid int64
	for {
		_, err := t.nextRow()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Checked{}, loadError(err)
		}
		valid++
	}
	return Checked{RowsRead: t.read, RowsValid: valid, RowsRejected: t.read - valid - t.skipped, RejectedByReason: t.byReason,
		Rejects: t.rejects, RowsSkipped: t.skipped, SkippedByReason: t.skippedBy}, nil
}

// open reads body's header and binds it to m, refusing a file that cannot
// be read as CSV or whose header does not match the mapping.
func open(m *mapping.Mapping, body io.Reader, today time.Time) (*csvsource.Reader, *mapping.Transformer, error) {
	rd, err := csvsource.Open(body, csvsource.Options{Delimiter: m.Delimiter()})
	if err != nil {
		return nil, nil, refuse(RefusedUnreadable, enclave.Wrap(enclave.CodeInvalid, "the file cannot be read as CSV: "+err.Error(), err))
	}
	tr, err := m.Bind(rd.Header(), today)
	if err != nil {
		return nil, nil, refuse(RefusedHeader, enclave.Wrap(enclave.CodeInvalid, err.Error(), err))
	}
	return rd, tr, nil
}
