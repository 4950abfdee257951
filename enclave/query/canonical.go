package query

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// Canonical returns q in its one stable form, so that two ways of writing
// the same question compare, encode and hash equal:
//
//   - datasets and group_by sorted by name, repeats dropped;
//   - measures in the order count_people, count_events, sum, mean,
//     percentile, then by dataset, column and p; repeats dropped;
//   - in every filter list (the query's and the cohort's): an "in" filter's
//     values sorted and repeats dropped, and an "in" with one value written
//     "eq"; repeated filters dropped; a column's only gte and only lte
//     written as the between they mean; filters sorted by column, then
//     operator in the order eq, in, between, gt, gte, lt, lte, then values;
//   - empty lists and a cohort-free query encoded without their keys, and
//     totals cleared when there is nothing to total over.
//
// Canonical does not look at the catalogue: it neither qualifies column
// names nor rewrites values. Validate does both and returns a canonical
// query. Canonical never changes q itself.
func Canonical(q Query) Query {
	out := Query{
		Datasets: sortedSet(q.Datasets),
		GroupBy:  sortedSet(q.GroupBy),
		Filters:  canonicalFilters(q.Filters),
		Measures: slices.Clone(q.Measures),
		Totals:   q.Totals && len(q.GroupBy) > 0,
	}
	slices.SortFunc(out.Measures, compareMeasures)
	out.Measures = emptyNil(slices.Compact(out.Measures))
	if q.Cohort != nil {
		out.Cohort = &Cohort{Dataset: q.Cohort.Dataset, Filters: canonicalFilters(q.Cohort.Filters)}
	}
	return out
}

// Hash identifies a query in audit records: "sha256:" and the lowercase hex
// SHA-256 of CanonicalJSON(q). Equal questions hash equal however they were
// written (JSON or SQL, any order); the hash of a validated query is the
// one to record.
func Hash(q Query) string {
	sum := sha256.Sum256(CanonicalJSON(q))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// CanonicalJSON is the encoding Hash digests: Canonical(q) as JSON with no
// whitespace, keys sorted, lists in the canonical order, every filter value
// a string and p in the shortest form that reads back as the same float64
// (ECMAScript's Number-to-String). Empty lists, a missing cohort, a false
// totals, an empty column or dataset and a zero p are left out.
//
// This is the RFC 8785 (JCS) serialisation of the query, except that U+2028
// and U+2029 are written \u2028 and \u2029 (as Go's encoding/json writes
// them) rather than raw. Audit records carry hashes of it: changing it
// changes every hash, so it is frozen by a golden test.
func CanonicalJSON(q Query) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Canonical(q)); err != nil {
		// Only a NaN or infinite p fails to encode; Validate refuses both,
		// and an unvalidated query still needs a stable encoding.
		return []byte("invalid")
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func canonicalFilters(fs []Filter) []Filter {
	out := make([]Filter, len(fs))
	for i, f := range fs {
		out[i] = Filter{Column: f.Column, Op: f.Op, Values: slices.Clone(f.Values)}
		if f.Op == In {
			out[i].Values = sortedSet(f.Values)
			if len(out[i].Values) == 1 {
				out[i].Op = Eq
			}
		}
	}
	return sortedFilters(windows(sortedFilters(out)))
}

// sortedFilters sorts filters in the canonical order and drops repeats.
func sortedFilters(fs []Filter) []Filter {
	slices.SortFunc(fs, compareFilters)
	return emptyNil(slices.CompactFunc(fs, func(a, b Filter) bool { return compareFilters(a, b) == 0 }))
}

// windows rewrites a column's one gte and one lte filter, when it has
// exactly one of each, as the between they mean.
func windows(fs []Filter) []Filter {
	type bounds struct{ gte, lte []int }
	byColumn := map[string]*bounds{}
	for i, f := range fs {
		b := byColumn[f.Column]
		if b == nil {
			b = &bounds{}
			byColumn[f.Column] = b
		}
		switch {
		case f.Op == Gte && len(f.Values) == 1:
			b.gte = append(b.gte, i)
		case f.Op == Lte && len(f.Values) == 1:
			b.lte = append(b.lte, i)
		}
	}
	drop := map[int]bool{}
	for _, b := range byColumn {
		if len(b.gte) == 1 && len(b.lte) == 1 {
			lo, hi := fs[b.gte[0]], fs[b.lte[0]]
			fs[b.gte[0]] = Filter{Column: lo.Column, Op: Between, Values: []Value{lo.Values[0], hi.Values[0]}}
			drop[b.lte[0]] = true
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

func compareMeasures(a, b Measure) int {
	return cmp.Or(cmp.Compare(rank(measureOrder, a.Kind), rank(measureOrder, b.Kind)),
		strings.Compare(string(a.Kind), string(b.Kind)),
		strings.Compare(a.Dataset, b.Dataset), strings.Compare(a.Column, b.Column), cmp.Compare(a.P, b.P))
}

func compareFilters(a, b Filter) int {
	return cmp.Or(strings.Compare(a.Column, b.Column),
		cmp.Compare(rank(opOrder, a.Op), rank(opOrder, b.Op)), strings.Compare(string(a.Op), string(b.Op)),
		slices.Compare(a.Values, b.Values))
}

// rank is the position of v in order, or len(order) for an unknown value,
// which sorts after every known one.
func rank[T comparable](order []T, v T) int {
	if i := slices.Index(order, v); i >= 0 {
		return i
	}
	return len(order)
}

func sortedSet[T cmp.Ordered](s []T) []T {
	out := slices.Clone(s)
	slices.Sort(out)
	return emptyNil(slices.Compact(out))
}

func emptyNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}
