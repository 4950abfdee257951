package answer

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// maxAskedBytes bounds the canonical query an audit event records, leaving
// most of an event body (audit.MaxBodyBytes, 64 KiB) for the rest of the
// record. A question too long to record is not asked.
const maxAskedBytes = 32 << 10

// asked is how the audit log records a validated query: its hash and the
// canonical query itself, so that an auditor sees what was asked and not
// only that something was. The canonical query holds the researcher's own
// filter values and the catalogue's names, never a value from the data.
// A filter value that looks like an identifier (an NHS number, a
// pseudonym), which the researcher could only have typed, is recorded as
// its audit HMAC, as every sensitive value in the log is.
func (s *Service) asked(v query.Query) map[string]any {
	return map[string]any{"query_hash": query.Hash(v), "query": s.recorded(v)}
}

// recorded is v with identifier-like filter values replaced by their HMACs.
func (s *Service) recorded(v query.Query) query.Query {
	v.Filters = s.recordedFilters(v.Filters)
	if v.Cohort != nil {
		c := *v.Cohort
		c.Filters = s.recordedFilters(c.Filters)
		v.Cohort = &c
	}
	return v
}

func (s *Service) recordedFilters(fs []query.Filter) []query.Filter {
	out := slices.Clone(fs)
	for i, f := range out {
		values := slices.Clone(f.Values)
		for j, val := range values {
			if disclosure.Identifier(string(val)) != "" {
				values[j] = query.Value(s.Audit.FieldHMAC(string(val)))
			}
		}
		out[i].Values = values
	}
	return out
}

// recordable refuses a query too long for its audit record.
func (s *Service) recordable(v query.Query) error {
	b, err := json.Marshal(s.recorded(v))
	if err != nil {
		return err
	}
	if n := len(b); n > maxAskedBytes {
		return &query.Error{Problems: []query.Problem{{Field: "query", Message: fmt.Sprintf(
			"the canonical query is %d bytes; the audit record of a query holds at most %d: ask with fewer filter values", n, maxAskedBytes)}}}
	}
	return nil
}
