# Use of a project's data (package enclave.governance; see
# governance.rego): project.use needs every opt-out list its legal basis
# applies to be ready and, for a query, keeps to the project's scope and
# the strictest disclosure settings.
#
# Reads, for project.use:
#   optout_lists: the state of each opt-out list now, {"ndoo": s,
#     "type1": s}, s one of ready, missing, stale or key_mismatch (loaded
#     with another key than the service's).
#   query: for a query only (absent for other uses):
#     {columns: {dataset: [column, ...]} the query uses,
#      minimums: {dataset: {threshold, rounding, mode, dominance_n,
#        dominance_k, p_percent}} the catalogue's disclosure settings of
#        each of those datasets: its minimum threshold and rounding, its
#        rounding mode (base, midpoint6 or cell_key) and its magnitude
#        rules (the (n, k%) dominance rule and the p% rule, percentages as
#        whole numbers),
#      scope: {dataset: [column, ...]} the project's approved scope,
#      disclosure: {threshold, rounding} the project's settings,
#      limits: {max_cells, max_group_by} the service's limits}.
#
# Denials:
#   optout.missing              a list the legal basis applies was never loaded
#   optout.stale                that list is older than the configured age
#   optout.key_mismatch         that list was keyed differently from the service
#   scope.dataset_not_approved  a query uses a dataset outside the project's scope
#   scope.column_not_approved   a query uses a column outside the project's scope
#   disclosure.mode_conflict    the query's datasets have different rounding modes
#
# Obligations of a query: disclosure {threshold, rounding, mode,
# dominance_n, dominance_k, p_percent}, the strictest of the project's
# settings and every used dataset's (highest threshold, rounding, n and p,
# lowest k; the datasets' one mode, and rounding 1 when it is not base,
# which replaces it), and limits, the limits the answer must keep to.
package enclave.governance

# Opt-out lists: a list the legal basis applies must be ready before the
# data is used. Missing, stale or mismatched means no data, never data
# unfiltered (invariant 6).
denials contains reason(sprintf("optout.%s", [list_state]), sprintf("the %s opt-out list applies to this project and is %s: load a current one", [list, list_state])) if {
	permitted
	action == "project.use"
	some list, applies in optout_rules[legal_basis]
	applies
	list_state := input.resource.optout_lists[list]
	list_state != "ready"
}

# Queries: only the datasets and columns the project was approved for.
query := input.resource.query if {
	valid
	action == "project.use"
	"query" in object.keys(input.resource)
}

denials contains reason("scope.dataset_not_approved", sprintf("the project is not approved to use dataset %s", [ds])) if {
	permitted
	some ds, _ in query.columns
	not query.scope[ds]
}

denials contains reason("scope.column_not_approved", sprintf("the project is not approved to use column %s.%s", [ds, col])) if {
	permitted
	some ds, cols in query.columns
	approved := query.scope[ds]
	some col in cols
	not col in approved
}

# The strictest setting wins: the project's own, or any used dataset's
# minimum, whichever is higher. The magnitude rules and the mode come from
# the datasets.
query_disclosure := {
	"threshold": max({query.disclosure.threshold} | {used[ds].threshold | some ds, _ in used}),
	"rounding": query_rounding,
	"mode": query_mode,
	"dominance_n": max({used[ds].dominance_n | some ds, _ in used}),
	"dominance_k": min({used[ds].dominance_k | some ds, _ in used}),
	"p_percent": max({used[ds].p_percent | some ds, _ in used}),
}

used := {ds: query.minimums[ds] | some ds, _ in query.columns}

# A query's datasets must share one mode: none is stricter than another, and
# letting one replace another's rounding would let a researcher loosen it by
# joining a dataset.
query_modes := {m.mode | some m in used}

query_mode := m if {
	count(query_modes) == 1
	some m in query_modes
}

denials contains reason("disclosure.mode_conflict", sprintf("the query uses datasets released under different rounding modes (%s): ask about them in separate queries", [concat(", ", [sprintf("%s: %s", [ds, used[ds].mode]) | some ds in sort(object.keys(used))])])) if {
	permitted
	count(query_modes) > 1
}

default query_rounding := 1

query_rounding := max({query.disclosure.rounding} | {used[ds].rounding | some ds, _ in used}) if query_mode == "base"

facts["disclosure"] := query_disclosure

facts["limits"] := query.limits
