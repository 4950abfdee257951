package reload

import (
	"maps"
	"slices"
)

// Result says what a reload put in force.
type Result struct {
	// Changed: some revision differs from the one it replaced.
	Changed   bool   `json:"changed"`
	Catalogue Change `json:"catalogue"`
	// Mappings are every mapping before or after, by name: Old is "" for a
	// mapping added, New "" for one removed.
	Mappings map[string]Change `json:"mappings"`
}

// Change is a revision before and after a reload.
type Change struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// compare says what next changes of old.
func compare(old, next *Files) Result {
	res := Result{
		Catalogue: Change{Old: old.Catalogue.Revision(), New: next.Catalogue.Revision()},
		Mappings:  map[string]Change{},
	}
	before, after := old.revisions(), next.revisions()
	for _, name := range slices.Sorted(maps.Keys(before)) {
		res.Mappings[name] = Change{Old: before[name]}
	}
	for name, rev := range after {
		c := res.Mappings[name]
		c.New = rev
		res.Mappings[name] = c
	}
	res.Changed = res.Catalogue.Old != res.Catalogue.New
	for _, c := range res.Mappings {
		res.Changed = res.Changed || c.Old != c.New
	}
	return res
}

func (r Result) auditBody() map[string]any {
	ms := map[string]any{}
	for name, c := range r.Mappings {
		ms[name] = map[string]any{"old": c.Old, "new": c.New}
	}
	return map[string]any{
		"changed":            r.Changed,
		"catalogue_revision": map[string]any{"old": r.Catalogue.Old, "new": r.Catalogue.New},
		"mapping_revisions":  ms,
	}
}
