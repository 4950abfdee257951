// Package query is the enclave's one canonical query value and the two ways
// to write it: the JSON body of POST /v1/projects/{id}/queries, and a
// restricted SQL SELECT parsed by PostgreSQL's own parser (libpg_query,
// through pganalyze/pg_query_go), never by regular expressions. No SQL a
// researcher writes ever reaches PostgreSQL: the service generates its own
// from a validated Query.
//
// A Query joins one or more catalogue datasets on the person pseudonym and
// asks for measures (people, events, sum, mean, percentile of a measure
// column), broken down by group-by columns, restricted by filters (=, IN,
// BETWEEN, <, <=, >, >=, combined with AND) and optionally by a cohort (the
// people with at least one matching row in some dataset).
//
// The path of a query through this package:
//
//	q, err := query.Parse(sql)        // or json.Unmarshal of the body
//	q, err = query.Validate(q, cat, limits)  // or Check, which notes what snapping widened
//	h := query.Hash(q)                // for the audit record
//	scope := q.Columns()              // for the policy's scope check
//	domains := query.Domains(q, cat)  // the labels each group-by column can carry
//
// Parse refuses anything outside the SQL subset with a *SyntaxError that
// points at the offending part of the statement. Validate checks the query
// against the catalogue (datasets and columns exist; identifiers and
// never_output columns are never grouped or filtered on; integer, number
// and date columns only through the bins or granularity the catalogue
// declares; sums, means and percentiles only of measure columns; filter
// values accepted by their column; the group-by and cell limits) and
// returns it canonical and fully qualified, with ranges on binned and
// granular columns snapped outwards to whole bins and periods, or an
// *Error listing every problem by field. Neither error ever carries a
// filter value (privacy invariant 1), except that SyntaxError.Error shows
// the researcher's own statement line; Check's notes repeat the
// researcher's own values, to say what they became, and the catalogue's
// edges, never a value from the data.
//
// The same question hashes the same however it is written: Canonical
// orders everything, and CanonicalJSON documents the bytes Hash digests.
//
// docs/queries.md is the researcher's reference, with worked examples.
package query
