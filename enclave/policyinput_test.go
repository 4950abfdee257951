package enclave

import (
	"encoding/json"
	"testing"
	"time"
)

// TestPolicyTime checks that the clock reaches the policies in one form,
// RFC 3339 in UTC with whole seconds, whatever the time's zone and
// precision. The policies used to refuse other forms (a clock with an
// offset, without a zone, a date alone) as input.invalid; the type now
// rules them out.
func TestPolicyTime(t *testing.T) {
	t.Parallel()
	plusOne := time.FixedZone("+01:00", 3600)
	for name, tt := range map[string]struct {
		in   time.Time
		want string
	}{
		"UTC":                {time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC), `"2025-06-15T10:00:00Z"`},
		"an offset":          {time.Date(2025, 6, 15, 10, 0, 0, 0, plusOne), `"2025-06-15T09:00:00Z"`},
		"an offset over day": {time.Date(2025, 1, 1, 0, 30, 0, 0, plusOne), `"2024-12-31T23:30:00Z"`},
		"nanoseconds":        {time.Date(2025, 12, 31, 23, 59, 59, 999999999, time.UTC), `"2025-12-31T23:59:59Z"`},
		"the zero time":      {time.Time{}, `"0001-01-01T00:00:00Z"`},
	} {
		got, err := json.Marshal(PolicyTime(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: PolicyTime encodes as %s, %v; want %s", name, got, err, tt.want)
		}
	}
	if got, err := json.Marshal(PolicyTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Errorf("year 10000 encodes as %s, want an error", got)
	}
}

// TestPolicyRecordsAreComplete checks that the records the services build
// carry every field of the policies' input contract, with lists as arrays,
// even from empty values: the policies no longer check that fields are
// present or of the right JSON type (they used to refuse a missing field,
// a null list or a mistyped value as input.invalid).
func TestPolicyRecordsAreComplete(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		record any
		want   string
	}{
		"project": {
			Project{}.record(),
			`{"id":"","state":"","created_by":"","lead":"","members":[],"approvals":[],"sensitive":false,"legal_basis":"","start_date":"","expiry_date":""}`,
		},
		"proposal": {
			Project{}.proposal(Disclosure{}),
			`{"legal_basis":"","start_date":"","expiry_date":"","lead":"","datasets":[],"threshold":0,"rounding":0,"minimum_threshold":0,"minimum_rounding":0}`,
		},
		"query": {
			queryRecord(Project{Scope: Scope{"gp": nil}}, QueryUse{Columns: map[string][]string{"gp": nil}}),
			`{"columns":{"gp":[]},"minimums":{},"scope":{"gp":[]},"disclosure":{"threshold":0,"rounding":0},"limits":{"max_cells":0,"max_group_by":0}}`,
		},
		"held result": {
			HeldResult{}.record(),
			`{"id":"","requester":"","state":"","approvals":[]}`,
		},
		"review without approval": {
			(&Reviews{Now: func() time.Time { return time.Time{} }}).input(Actor{}, "review.view", "", HeldResult{}, Project{}, nil).Resource,
			`{"now":"0001-01-01T00:00:00Z","reason":"","result":{"id":"","requester":"","state":"","approvals":[]},` +
				`"project":{"id":"","state":"","created_by":"","lead":"","members":[],"approvals":[],"sensitive":false,"legal_basis":"","start_date":"","expiry_date":""}}`,
		},
	} {
		got, err := json.Marshal(tt.record)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s encodes as\n%s, %v; want\n%s", name, got, err, tt.want)
		}
	}
}
