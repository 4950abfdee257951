# Tests of governance_proposal.rego: the legal bases and their opt-outs,
# and the rules a proposal must meet.
package enclave.governance_test

import data.enclave.governance

# Opt-outs, by legal basis, written out again from the issue.
expected_optouts := {
	"consent": {"ndoo": false, "type1": false},
	"s251_standard": {"ndoo": true, "type1": true},
	"s251_exempt": {"ndoo": false, "type1": true},
	"copi": {"ndoo": false, "type1": false},
	"legal_requirement": {"ndoo": false, "type1": false},
	"anonymised": {"ndoo": false, "type1": false},
}

test_optout_table_is_the_specified_one if {
	governance.optout_rules == expected_optouts
}

test_optouts_for_use[basis] if {
	some basis, want in expected_optouts
	project := object.union(project_in("active"), {"legal_basis": basis})
	d := decide(principal("researcher"), "project.use", {"now": now, "project": project, "optout_lists": ready_lists})
	d.allow == true
	d.obligations == {"effective_state": "active", "optouts": want}
}

test_optouts_for_create[basis] if {
	some basis, want in expected_optouts
	d := decide(principal("governance"), "project.create", {"now": now, "proposal": object.union(valid_proposal, {"legal_basis": basis})})
	d.allow == true
	d.obligations.optouts == want
}

# An unknown legal basis denies: never "no opt-out".
test_unknown_legal_basis_denies[name] if {
	some basis in ["", "s251", "CONSENT", "consent ", "national_data_opt_out"]
	some action in ["project.use", "project.submit", "project.approve", "project.resume", "project.create", "project.update"]
	name := sprintf("%s with %q", [action, basis])

	state := {"project.use": "active", "project.submit": "draft", "project.approve": "submitted", "project.resume": "suspended", "project.create": "none", "project.update": "active"}[action]
	role := object.get({"project.use": "researcher"}, action, "governance")
	resource := unknown_basis(resource_for(action, state), basis)
	d := decide(principal(role), action, resource)
	d.allow == false
	codes(d) == ["legal_basis.unknown"]
	not d.obligations.optouts
}

unknown_basis(resource, basis) := object.union(resource, {"proposal": object.union(valid_proposal, {"legal_basis": basis})}) if {
	resource.proposal
} else := object.union(resource, {"project": object.union(resource.project, {"legal_basis": basis})})

# Restricting or closing a project with a broken legal basis stays possible.
test_unknown_legal_basis_can_be_closed if {
	project := object.union(project_in("active"), {"legal_basis": "nonsense"})
	d := decide(principal("governance"), "project.close", {"now": now, "reason": "basis lapsed", "project": project})
	d.allow == true
	d.obligations == {"effective_state": "active", "state_after": "closed"}
}

test_proposal[name] if {
	some name, c in {
		"stricter than the datasets": {"change": {"threshold": 15, "rounding": 10}, "codes": []},
		"start equals expiry": {"change": {"start_date": "2025-12-31"}, "codes": ["dates.invalid"]},
		"start after expiry": {"change": {"start_date": "2026-01-01"}, "codes": ["dates.invalid"]},
		"threshold too low": {"change": {"threshold": 9}, "codes": ["disclosure.too_loose"]},
		"rounding too coarse a loosening": {"change": {"rounding": 1}, "codes": ["disclosure.too_loose"]},
		"no lead": {"change": {"lead": ""}, "codes": ["lead.required"]},
		"blank lead": {"change": {"lead": "  "}, "codes": ["lead.required"]},
		"unknown basis": {"change": {"legal_basis": "implied"}, "codes": ["legal_basis.unknown"]},
		"everything wrong": {
			"change": {"legal_basis": "x", "start_date": "2026-01-01", "threshold": 0, "rounding": 0, "lead": ""},
			"codes": ["dates.invalid", "disclosure.too_loose", "disclosure.too_loose", "lead.required", "legal_basis.unknown"],
		},
	}
	some action in ["project.create", "project.update"]
	resource := object.union(resource_for(action, "draft"), {"proposal": object.union(valid_proposal, c.change)})
	d := decide(principal("governance"), action, resource)
	codes(d) == expected_proposal_codes(c.codes)
	d.allow == want_allow(c.codes)
}

want_allow(c) if c == []

want_allow(c) := false if c != []

expected_proposal_codes(c) := ["role.permitted"] if c == []

expected_proposal_codes(c) := c if c != []

# The legal basis in force after an update is the proposal's.
test_update_optouts_follow_the_proposal if {
	resource := object.union(resource_for("project.update", "active"), {"proposal": object.union(valid_proposal, {"legal_basis": "consent"})})
	d := decide(principal("governance"), "project.update", resource)
	d.obligations.optouts == {"ndoo": false, "type1": false}
}
