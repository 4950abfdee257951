package httpapi

import (
	"fmt"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// holdInMemory reads every dataset as it is now (rows planted so far
// included) into a cache, as a server holds them once it has read them,
// and returns it and a switch: use(true) answers q's queries from it,
// use(false) as SQL.
func (q *queryAPI) holdInMemory(t *testing.T) (cache *postgres.QueryCache, use func(bool)) {
	t.Helper()
	store := q.answers.Runner.(*postgres.QueryStore)
	cache = &postgres.QueryCache{DB: store.DB, ServiceRole: store.ServiceRole, MaxRows: 1 << 30}
	t.Cleanup(cache.Close)
	cache.Warm(q.answers.Catalogue())
	return cache, func(memory bool) {
		store.Cache = nil
		if memory {
			store.Cache = cache
		}
	}
}

// TestDifferencingAcrossMemoryAndSQL: a researcher who times one answer of
// a differencing pair for when the datasets are held in memory, and the
// other for when they are not (just after a load, or a restart), gets the
// second withheld all the same: both engines give the ledger the same
// people and the same contributions. Each attack is tried both ways round.
func TestDifferencingAcrossMemoryAndSQL(t *testing.T) {
	t.Parallel()
	for _, memoryFirst := range []bool{false, true} {
		order := map[bool]string{false: "SQL then memory", true: "memory then SQL"}[memoryFirst]
		t.Run("a filter that removes one person, "+order, func(t *testing.T) {
			t.Parallel()
			q := newQueryAPI(t)
			q.plant(t, 1900, 33, "F")
			q.plant(t, 1901, 1, "M")
			cache, use := q.holdInMemory(t)
			use(memoryFirst)
			if first := q.released(t, fmt.Sprintf(bornIn, 1900, 1901)); first[""] != "35" {
				t.Fatalf("1900-1901: %v", first)
			}
			use(!memoryFirst)
			if second := q.released(t, fmt.Sprintf(bornIn, 1900, 1900)); second[""] != string(disclosure.RuleDifferencing) {
				t.Errorf("1900 alone after 1900-1901: %v (the difference is one person)", second)
			}
			if cache.Answered() != 1 {
				t.Errorf("%d answers from memory, want 1 of the 2", cache.Answered())
			}
		})
		t.Run("two windows of a sum, "+order, func(t *testing.T) {
			t.Parallel()
			q := newQueryAPI(t)
			project := q.wideProject(t, "s251_standard")
			q.plantMany(t, 19, 1975, "F", "E01099996", visit{date: "2023-01-10", wait: 100, diag: "R07.4"})
			q.plantPerson(t, 1975, "F", "E01099996", visit{date: "2023-01-10", wait: 100, diag: "R07.4"}, visit{date: "2023-02-20", wait: 5000, diag: "R07.4"})
			window := func(to string) string {
				return fmt.Sprintf(`{"datasets":["patients","ae_attendances"],"measures":[{"kind":"count_people"},{"kind":"sum","column":"ae_attendances.wait_minutes"}],
				"filters":[{"column":"patients.year_of_birth","op":"eq","values":[1975]},{"column":"patients.lsoa_code","op":"eq","values":["E01099996"]},
				{"column":"ae_attendances.arrival_date","op":"between","values":["2023-01-01",%q]}]}`, to)
			}
			cache, use := q.holdInMemory(t)
			use(memoryFirst)
			s1, ok := measureOf(q.answerTo(t, project, window("2023-01-31")).Result, 0)
			if !ok {
				t.Fatal("January's sum is not released")
			}
			use(!memoryFirst)
			both := q.answerTo(t, project, window("2023-02-28"))
			// The people are the same; their contributions differ by one
			// reading, so the ledger withholds the second sum.
			if s2, ok := measureOf(both.Result, 0); ok {
				t.Errorf("the second sum was released (%v, less the first %v): its contributions differ by one reading", s2, s1)
			}
			if cache.Answered() != 1 {
				t.Errorf("%d answers from memory, want 1 of the 2", cache.Answered())
			}
		})
	}
}
