package answer

import (
	"errors"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TestLedgerCellsAndWithheld: two candidates, the first with a released
// measure, become three ledger cells (its people, its contributions, the
// second's people). The ledger withholding the first's contributions and
// the second's people withholds each candidate once; only a withholding
// for its people carries the earlier cell's size, since only then does a
// reader know how close the withheld count is to it.
func TestLedgerCellsAndWithheld(t *testing.T) {
	t.Parallel()
	cands := []disclosure.Candidate{
		{Keys: []disclosure.Key{{Value: "F"}}, Members: []uint64{3, 1, 2}, Measures: [][]uint64{{7, 8}, nil}},
		{Keys: []disclosure.Key{{Value: "M"}}, Members: []uint64{4, 5}},
	}
	cells, of, err := ledgerCells(cands)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 3 || cells[0].Members.Len() != 3 || cells[1].Members.Len() != 2 || cells[2].Members.Len() != 2 {
		t.Fatalf("ledger cells %+v, want F's people, F's contributions, M's people", cells)
	}
	if cells[0].Key == cells[1].Key {
		t.Errorf("a cell's people and its contributions share the key %q", cells[0].Key)
	}
	if want := []source{{0, true}, {0, false}, {1, true}}; !reflect.DeepEqual(of, want) {
		t.Errorf("sources %+v, want %+v", of, want)
	}
	if cands[0].Members[0] != 3 {
		t.Errorf("the candidate's members were reordered in place: %v", cands[0].Members)
	}

	got := withheld(differencing.Outcome{Withheld: []int{1, 2}, Closest: []int{40, 12}}, of)
	if want := []disclosure.Withheld{{Candidate: 0, Closest: -1}, {Candidate: 1, Closest: 12}}; !reflect.DeepEqual(got, want) {
		t.Errorf("withheld %+v, want %+v", got, want)
	}
	got = withheld(differencing.Outcome{Withheld: []int{0, 1}, Closest: []int{30, 40}}, of)
	if want := []disclosure.Withheld{{Candidate: 0, Closest: 30}}; !reflect.DeepEqual(got, want) {
		t.Errorf("people and contributions both withheld: %+v, want %+v", got, want)
	}
}

// TestLedgerCellsNeedPeople: a candidate without people is the query
// engine's fault, and an internal error, never a cell checked as empty.
func TestLedgerCellsNeedPeople(t *testing.T) {
	t.Parallel()
	_, _, err := ledgerCells([]disclosure.Candidate{{Keys: []disclosure.Key{{Value: "F"}}}})
	var e *enclave.Error
	if !errors.As(err, &e) || e.Code != enclave.CodeInternal {
		t.Errorf("a candidate without people: %v, want an internal error", err)
	}
}
