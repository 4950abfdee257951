package colstore

import (
	"bytes"
	"slices"
)

// Match gives, for each of base's people, their index in other's people,
// -1 when other has no rows of them: the join on the person, by merging
// the two sorted lists.
func Match(base, other *Table) []int32 {
	out := make([]int32, len(base.People))
	j := 0
	for i := range base.People {
		for j < len(other.People) && bytes.Compare(other.People[j][:], base.People[i][:]) < 0 {
			j++
		}
		if j < len(other.People) && other.People[j] == base.People[i] {
			out[i] = int32(j)
		} else {
			out[i] = -1
		}
	}
	return out
}

// CohortOf says, for each of base's people, whether they have at least one
// row of cohort that meets its conditions.
func CohortOf(base *Table, cohort Source) []bool {
	match := Match(base, cohort.Table)
	out := make([]bool, len(base.People))
	var scratch []int32
	for i, j := range match {
		if j >= 0 {
			scratch = cohort.passing(scratch[:0], int(j))
			out[i] = len(scratch) > 0
		}
	}
	return out
}

// List is one opt-out list's current version: its people, sorted, and
// whether it names the people to leave out (deny) or the only people to
// keep (allow).
type List struct {
	People []Pseudonym
	Deny   bool
}

// SortPeople sorts pseudonyms as a List needs them.
func SortPeople(people []Pseudonym) {
	slices.SortFunc(people, func(x, y Pseudonym) int { return bytes.Compare(x[:], y[:]) })
}

// Permitted says, for each of base's people, whether every list permits
// them: no deny list holds them and every allow list does.
func Permitted(base *Table, lists []List) []bool {
	out := make([]bool, len(base.People))
	for i := range out {
		out[i] = true
	}
	for _, l := range lists {
		j := 0
		for i, p := range base.People {
			for j < len(l.People) && bytes.Compare(l.People[j][:], p[:]) < 0 {
				j++
			}
			in := j < len(l.People) && l.People[j] == p
			if in == l.Deny {
				out[i] = false
			}
		}
	}
	return out
}
