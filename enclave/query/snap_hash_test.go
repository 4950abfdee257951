package query

import (
	"slices"
	"testing"
)

// TestSnappedHashes: ranges that snap to the same bins or periods are the
// same question, with the same hash, however they were written; ranges that
// snap apart are not.
func TestSnappedHashes(t *testing.T) {
	t.Parallel()
	const (
		egfr   = "SELECT COUNT(DISTINCT person) FROM gp_events WHERE "
		wait   = "SELECT COUNT(*) FROM ae_attendances WHERE "
		cohort = "SELECT COUNT(DISTINCT person) FROM patients WHERE person IN (SELECT person FROM gp_events WHERE "
	)
	tests := []struct {
		a, b string
		same bool
	}{
		{egfr + "egfr >= 16 AND egfr < 44", egfr + "egfr BETWEEN 20 AND 40", true},
		{egfr + "egfr > 15 AND egfr <= 44.99", egfr + "egfr >= 15 AND egfr < 45", true},
		{egfr + "egfr BETWEEN 20 AND 40", egfr + "egfr BETWEEN 20 AND 45", false},
		{egfr + "event_date BETWEEN '2023-01-05' AND '2023-03-17'", egfr + "event_date >= '2023-01-01' AND event_date < '2023-04-01'", true},
		{egfr + "event_date = '2023-02-14'", egfr + "event_date BETWEEN '2023-02-01' AND '2023-02-28'", true},
		{egfr + "event_date > '2023-01-31'", egfr + "event_date >= '2023-02-28'", true},
		{egfr + "event_date > '2023-02-28'", egfr + "event_date >= '2023-02-28'", false},
		{wait + "wait_minutes > 59 AND wait_minutes <= 200", wait + "wait_minutes BETWEEN 60 AND 239", true},
		{wait + "wait_minutes < 60", wait + "wait_minutes <= 0", true},
		{cohort + "egfr > 15 AND egfr <= 44)", cohort + "egfr BETWEEN 15 AND 44.5)", true},
	}
	for _, tt := range tests {
		a, b := validated(t, parsed(t, tt.a)), validated(t, parsed(t, tt.b))
		if same := Hash(a) == Hash(b); same != tt.same {
			t.Errorf("%s\n%s\nsame hash: %v, want %v (%s and %s)", tt.a, tt.b, same, tt.same, CanonicalJSON(a), CanonicalJSON(b))
		}
		if again := validated(t, a); Hash(again) != Hash(a) {
			t.Errorf("snapping is not idempotent: %s became %s", CanonicalJSON(a), CanonicalJSON(again))
		}
	}
}

// TestCheckNotes: Check says how each snapped filter changed, the query's
// filters first, then the cohort's, by the field the researcher wrote, and
// Validate returns the same query.
func TestCheckNotes(t *testing.T) {
	t.Parallel()
	q := parsed(t, `SELECT COUNT(DISTINCT person) FROM gp_events
		WHERE obese AND event_date BETWEEN '2023-01-05' AND '2023-03-17' AND egfr >= 30
		  AND person IN (SELECT person FROM ae_attendances WHERE wait_minutes > 100)`)
	got, notes, err := Check(q, demoCatalogue(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Note{
		{"filters[1]", "gp_events.event_date between 2023-01-05 and 2023-03-17 snapped to whole months: 2023-01-01 to 2023-03-31"},
		{"cohort.filters[0]", "ae_attendances.wait_minutes gt 100 snapped to whole bins: from 60"},
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes = %+v, want %+v", notes, want)
	}
	if v := validated(t, q); Hash(v) != Hash(got) {
		t.Errorf("Validate = %s, Check = %s", CanonicalJSON(v), CanonicalJSON(got))
	}
}
