# Tests of governance_use.rego: opt-out lists and queries on project.use.
package enclave.governance_test

import data.enclave.governance

# A list the legal basis applies must be ready; one it sets aside may be in
# any state.
test_optout_lists_gate_use[name] if {
	some basis, rules in governance.optout_rules
	some list, _ in ready_lists
	some list_state in ["ready", "missing", "stale", "key_mismatch"]
	name := sprintf("%s with %s %s", [basis, list, list_state])
	resource := object.union(resource_for("project.use", "active"), {
		"project": object.union(project_in("active"), {"legal_basis": basis}),
		"optout_lists": object.union(ready_lists, {list: list_state}),
	})
	d := decide(principal("researcher"), "project.use", resource)
	lists_outcome(d, rules[list], list_state)
}

# lists_outcome(d, applies, list_state): a list the basis applies denies
# unless ready; one it sets aside never does.
lists_outcome(d, false, _) if d.allow

lists_outcome(d, true, "ready") if d.allow

lists_outcome(d, true, list_state) if {
	list_state != "ready"
	not d.allow
	codes(d) == [sprintf("optout.%s", [list_state])]
}

# A query on the project: the columns it uses, with the scope and settings.
query_resource(columns, changes) := object.union(resource_for("project.use", "active"), {"query": object.union(
	{
		"columns": columns,
		"minimums": {"gp": dataset_settings(10, 5, {}), "hospital": dataset_settings(20, 10, {})},
		"scope": {"gp": ["bmi", "sex"], "hospital": ["ward"]},
		"disclosure": {"threshold": 15, "rounding": 5},
		"limits": {"max_cells": 1000, "max_group_by": 4},
	},
	changes,
)})

# A dataset's disclosure settings as the catalogue gives them: ACRO's
# magnitude rules and rounding to a base unless changes say otherwise.
dataset_settings(threshold, rounding, changes) := object.union(
	{"threshold": threshold, "rounding": rounding, "mode": "base", "dominance_n": 2, "dominance_k": 90, "p_percent": 10},
	changes,
)

acro := {"mode": "base", "dominance_n": 2, "dominance_k": 90, "p_percent": 10}

test_query_within_scope_gets_the_strictest_settings[name] if {
	some name, c in {
		"project stricter than the dataset": {"columns": {"gp": ["bmi"]}, "want": {"threshold": 15, "rounding": 5}},
		"dataset stricter than the project": {"columns": {"hospital": ["ward"]}, "want": {"threshold": 20, "rounding": 10}},
		"joined: the strictest of each": {"columns": {"gp": ["sex"], "hospital": ["ward"]}, "want": {"threshold": 20, "rounding": 10}},
	}
	d := decide(principal("researcher"), "project.use", query_resource(c.columns, {}))
	d.allow == true
	d.obligations.disclosure == object.union(acro, c.want)
	d.obligations.limits == {"max_cells": 1000, "max_group_by": 4}
	d.obligations.optouts == s251_optouts
}

# Magnitude rules and the mode come from the datasets: the largest n and p,
# the smallest k, and their one mode; a mode other than base replaces
# rounding.
test_query_gets_the_datasets_magnitude_rules_and_mode[name] if {
	some name, c in {
		"one dataset's own rules": {
			"gp": {"dominance_n": 3, "dominance_k": 80, "p_percent": 15}, "hospital": {}, "columns": {"gp": ["bmi"]},
			"want": {"threshold": 15, "rounding": 5, "mode": "base", "dominance_n": 3, "dominance_k": 80, "p_percent": 15},
		},
		"joined: the strictest of each rule": {
			"gp": {"dominance_n": 3, "dominance_k": 95, "p_percent": 5}, "hospital": {"dominance_k": 80, "p_percent": 20},
			"columns": {"gp": ["sex"], "hospital": ["ward"]},
			"want": {"threshold": 20, "rounding": 10, "mode": "base", "dominance_n": 3, "dominance_k": 80, "p_percent": 20},
		},
		"midpoint6 replaces rounding": {
			"gp": {"mode": "midpoint6"}, "hospital": {}, "columns": {"gp": ["bmi"]},
			"want": object.union(acro, {"threshold": 15, "rounding": 1, "mode": "midpoint6"}),
		},
		"joined: the same mode": {
			"gp": {"mode": "cell_key"}, "hospital": {"mode": "cell_key"}, "columns": {"gp": ["sex"], "hospital": ["ward"]},
			"want": object.union(acro, {"threshold": 20, "rounding": 1, "mode": "cell_key"}),
		},
	}
	minimums := {"gp": dataset_settings(10, 5, c.gp), "hospital": dataset_settings(20, 10, c.hospital)}
	d := decide(principal("researcher"), "project.use", query_resource(c.columns, {"minimums": minimums}))
	d.allow == true
	d.obligations.disclosure == c.want
}

# Datasets with different modes cannot be joined, so that joining one
# never replaces another's rounding.
test_query_mixing_modes_is_refused[name] if {
	some name, modes in {
		"base and midpoint6": [{}, {"mode": "midpoint6"}],
		"midpoint6 and cell_key": [{"mode": "midpoint6"}, {"mode": "cell_key"}],
	}
	minimums := {"gp": dataset_settings(10, 5, modes[0]), "hospital": dataset_settings(20, 10, modes[1])}
	d := decide(principal("researcher"), "project.use", query_resource({"gp": ["sex"], "hospital": ["ward"]}, {"minimums": minimums}))
	d.allow == false
	codes(d) == ["disclosure.mode_conflict"]
	not d.obligations.disclosure
}

test_query_outside_scope_is_refused[name] if {
	some name, c in {
		"a dataset outside the scope": {"columns": {"gp": ["bmi"], "social": ["cost"]}, "codes": ["scope.dataset_not_approved"]},
		"a column outside the scope": {"columns": {"gp": ["bmi", "egfr"]}, "codes": ["scope.column_not_approved"]},
	}
	res := query_resource(c.columns, {"minimums": {"gp": dataset_settings(10, 5, {}), "social": dataset_settings(10, 10, {})}})
	d := decide(principal("researcher"), "project.use", res)
	d.allow == false
	codes(d) == c.codes
}
