package postgres

import (
	"slices"
	"testing"
)

// TestLedgerCacheEviction: past its bound, the store drops the projects
// checked least recently, never the one being checked.
func TestLedgerCacheEviction(t *testing.T) {
	t.Parallel()
	s := &LedgerStore{CacheCells: 10}
	for _, step := range []struct {
		project string
		read    int
		want    []string // cached afterwards
	}{
		{"a", 6, []string{"a"}},
		{"b", 3, []string{"a", "b"}},
		{"a", 0, []string{"a", "b"}},
		{"c", 4, []string{"a", "c"}}, // b was checked least recently
		{"d", 20, []string{"d"}},     // over the bound alone, yet kept
	} {
		c := s.cache(step.project)
		s.grew(step.project, c, step.read)
		var got []string
		total := 0
		for p, c := range s.projects {
			got = append(got, p)
			total += c.size
		}
		slices.Sort(got)
		if !slices.Equal(got, step.want) || total != s.cells {
			t.Fatalf("after checking %s: cached %v (%d cells, counted %d), want %v", step.project, got, total, s.cells, step.want)
		}
	}
}
