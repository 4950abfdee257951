# Tests of governance.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it.
package enclave.governance_test

import data.enclave.authz
import data.enclave.governance

roles := ["anonymous", "researcher", "governance", "auditor", "operator"]

# matrix is policies/testdata/governance_matrix.json, which TestRegoPolicies
# loads as data: the cases are shared with enclave/httpapi's TestProjectMatrix,
# which runs them through the API and a real database.
matrix := data.testdata.governance_matrix

now := matrix.now

settings := {"approvals_required": 1, "approvals_required_sensitive": 2}

# researcher-1 is a member; governance-1 neither created, leads nor belongs
# to the project, so only the state decides for the officer.
base_project := matrix.base_project

# How each effective state arises on now.
state_fixtures := matrix.state_fixtures

project_in(state) := object.union(base_project, state_fixtures[state])

valid_proposal := {
	"legal_basis": "s251_standard",
	"start_date": "2025-01-01",
	"expiry_date": "2025-12-31",
	"lead": "lead-1",
	"datasets": ["gp", "hospital"],
	"threshold": 10,
	"rounding": 5,
	"minimum_threshold": 10,
	"minimum_rounding": 5,
}

s251_optouts := {"ndoo": true, "type1": true}

principal("anonymous") := {"role": "anonymous"}

principal(role) := {"id": concat("-", [role, "1"]), "role": role} if role != "anonymous"

officer(id) := {"id": id, "role": "governance"}

# resource_for is a well-formed resource for action on a project in state,
# with a written reason.
resource_for(action, state) := object.union(
	{"now": now, "reason": "documented reason", "settings": settings},
	records(action, state),
)

records("project.create", _) := {"proposal": valid_proposal}

records("project.update", state) := {"project": project_in(state), "proposal": valid_proposal}

records("project.use", state) := {"project": project_in(state), "optout_lists": ready_lists}

ready_lists := {"ndoo": "ready", "type1": "ready"}

records(action, state) := {"project": project_in(state)} if {
	action != "project.use"
	action != "project.create"
	action != "project.update"
}

decide(p, action, resource) := d if {
	d := authz.decision with input as {"principal": p, "action": action, "resource": with_enrolments(p, action, resource)}
}

# with_enrolments gives an approval without enrolments those of its
# principals as if they were bootstrapped: nobody links them.
with_enrolments(p, "project.approve", resource) := object.union({"enrolments": unlinked(ids)}, resource) if {
	is_object(resource.project)
	ids := array.concat([object.get(p, "id", ""), object.get(resource.project, "created_by", "")], object.get(resource.project, "approvals", []))
} else := resource

with_enrolments(_, action, resource) := resource if action != "project.approve"

unlinked(ids) := {id: {"enrolled_by": "", "approved_by": ""} | some id in ids}

codes(d) := [r.code | some r in d.reasons]

# expected_outcomes[action][state] are the reason codes a principal past the
# role and membership gates gets; [] means allowed. "none" stands for no
# project (project.create).
expected_outcomes := matrix.outcomes

# expected_access[action][role] is the grant a role gets when allowed:
# role.permitted on any project, project.member on its own. A role missing
# here is refused with role.not_permitted.
expected_access := matrix.access

# A change after approval goes back for approval; before, the state stays.
after_change := {
	"draft": {"reset_approvals": false, "state_after": "draft"},
	"submitted": {"reset_approvals": false, "state_after": "submitted"},
	"approved": {"reset_approvals": true, "state_after": "submitted"},
	"active": {"reset_approvals": true, "state_after": "submitted"},
	"suspended": {"reset_approvals": true, "state_after": "submitted"},
}

# expected_transitions[action] are the obligations an allowed action adds,
# by state where they depend on it.
expected_transitions := {
	"project.create": {"state_after": "draft"},
	"project.view": {},
	"project.update": after_change,
	"project.member_add": after_change,
	"project.member_remove": after_change,
	"project.submit": {"state_after": "submitted", "reset_approvals": true},
	"project.approve": {"approvals_required": 1, "approvals_after": 1, "state_after": "approved"},
	"project.reject": {"state_after": "rejected"},
	"project.return": {"state_after": "draft", "reset_approvals": true},
	"project.suspend": {"state_after": "suspended"},
	"project.resume": {"state_after": "active"},
	"project.close": {"state_after": "closed"},
	"project.use": {},
}

transition_for(action, state) := expected_transitions[action][state] if {
	action in {"project.update", "project.member_add", "project.member_remove"}
} else := expected_transitions[action]

facts_for("none") := {"optouts": s251_optouts}

facts_for(state) := {"effective_state": state, "optouts": s251_optouts} if state != "none"

# The matrix has a rule per action: a new action needs a row in
# expected_outcomes, in expected_access and a test_matrix_ rule.
test_actions_are_the_specified_ones if {
	governance.actions == {a | some a, _ in expected_outcomes}
	governance.actions == {a | some a, _ in expected_access}
	governance.actions == {a | some a, _ in governance.any_project}
	governance.actions == {a | some a, _ in governance.allowed_states} | {"project.create"}
}

# callers are who asks in the matrix: every role, and also a researcher
# outside the project.
callers := {
	"anonymous": principal("anonymous"),
	"researcher": principal("researcher"),
	"outsider": {"id": "outsider-1", "role": "researcher"},
	"governance": principal("governance"),
	"auditor": principal("auditor"),
	"operator": principal("operator"),
}

# Every action, in every effective state, as every caller, with the exact
# reasons and obligations, and a message for every reason. One rule per
# action rather than a parameterised test, which OPA traces in full and
# makes slow; the mismatching cases are printed.
test_matrix_create if matrix_holds("project.create")

test_matrix_view if matrix_holds("project.view")

test_matrix_update if matrix_holds("project.update")

test_matrix_member_add if matrix_holds("project.member_add")

test_matrix_member_remove if matrix_holds("project.member_remove")

test_matrix_submit if matrix_holds("project.submit")

test_matrix_approve if matrix_holds("project.approve")

test_matrix_reject if matrix_holds("project.reject")

test_matrix_return if matrix_holds("project.return")

test_matrix_suspend if matrix_holds("project.suspend")

test_matrix_resume if matrix_holds("project.resume")

test_matrix_close if matrix_holds("project.close")

test_matrix_use if matrix_holds("project.use")

matrix_holds(action) if {
	outcomes := expected_outcomes[action]
	want := {case_name(action, state, caller): object.union(expected(action, state, caller, outcome), {"unexplained": []}) |
		some state, outcome in outcomes
		some caller, _ in callers
	}
	got := {case_name(action, state, caller): summary(d) |
		some state, _ in outcomes
		some caller, p in callers
		d := decide(p, action, resource_for(action, state))
	}
	count(want) == count(outcomes) * count(callers)
	all_match(got, want)
}

case_name(action, state, caller) := sprintf("%s in %s as %s", [action, state, caller])

summary(d) := {
	"allow": d.allow,
	"codes": codes(d),
	"obligations": d.obligations,
	"unexplained": [r.code | some r in d.reasons; not explained(r)],
}

explained(r) if {
	is_string(r.message)
	r.message != ""
}

all_match(got, want) if {
	mismatches := {sprintf("%s: got %v, want %v", [name, object.get(got, name, "undefined"), w]) |
		some name, w in want
		object.get(got, name, "undefined") != w
	}
	every m in mismatches {
		print(m)
	}
	count(mismatches) == 0
}

expected(_, _, "anonymous", _) := {"allow": false, "codes": ["auth.required"], "obligations": {}}

expected(action, _, caller, _) := {"allow": false, "codes": ["role.not_permitted"], "obligations": {}} if {
	caller != "anonymous"
	not expected_access[action][callers[caller].role]
}

# Researchers outside the project learn nothing about it, in any state.
expected(action, _, "outsider", _) := {"allow": false, "codes": ["member.not_in_project"], "obligations": {}} if {
	expected_access[action].researcher
}

expected(action, state, caller, outcome) := {
	"allow": true,
	"codes": [expected_access[action][callers[caller].role]],
	"obligations": object.union(facts_for(state), transition_for(action, state)),
} if {
	caller != "outsider"
	expected_access[action][callers[caller].role]
	outcome == []
}

expected(action, state, caller, outcome) := {"allow": false, "codes": outcome, "obligations": facts_for(state)} if {
	caller != "outsider"
	expected_access[action][callers[caller].role]
	outcome != []
}

test_the_lead_is_in_the_project[action] if {
	some action in ["project.view", "project.use"]
	d := decide({"id": "lead-1", "role": "researcher"}, action, resource_for(action, "active"))
	d.allow == true
	codes(d) == ["project.member"]
}

# Four eyes.

submitted_project := project_in("submitted")

approve(p, project) := decide(p, "project.approve", {"now": now, "settings": settings, "project": project})

test_four_eyes[name] if {
	some name, c in {
		"self-approval": {"by": "creator-1", "project": {}, "codes": ["approval.self"]},
		"by a member": {"by": "researcher-2", "project": {}, "codes": ["approval.member"]},
		"by the lead": {"by": "lead-1", "project": {}, "codes": ["approval.member"]},
		"twice": {"by": "governance-1", "project": {"approvals": ["governance-1"]}, "codes": ["approval.duplicate"]},
		"creator, lead and twice": {
			"by": "creator-1",
			"project": {"lead": "creator-1", "approvals": ["creator-1"]},
			"codes": ["approval.duplicate", "approval.member", "approval.self"],
		},
		"past the expiry date": {"by": "governance-1", "project": {"expiry_date": "2025-06-14"}, "codes": ["project.expired"]},
		"unknown legal basis": {"by": "governance-1", "project": {"legal_basis": "s251"}, "codes": ["legal_basis.unknown"]},
	}

	d := approve(officer(c.by), object.union(submitted_project, c.project))
	d.allow == false
	codes(d) == c.codes
	d.obligations.effective_state == "submitted"
}

# Officers linked by enrolment (one enrolled the other, or approved their
# enrolment) count as one: an approval is refused when its officer is
# linked to the project's creator or to an officer who approved the
# submission already. Sharing an approver is no link. (decide merges these
# enrolments into unlinked ones of the same principals.)
test_four_eyes_refuses_officers_linked_by_enrolment[name] if {
	some name, c in {
		"approved the creator's enrolment": {"links": {"governance-1": ["", ""], "creator-1": ["operator-1", "governance-1"]}, "approvals": [], "codes": ["approval.enrolment"]},
		"enrolment approved by the creator": {"links": {"governance-1": ["operator-1", "creator-1"], "creator-1": ["", ""]}, "approvals": [], "codes": ["approval.enrolment"]},
		"approved by the first approver": {"links": {"governance-1": ["operator-1", "governance-2"], "creator-1": ["", ""], "governance-2": ["", ""]}, "approvals": ["governance-2"], "codes": ["approval.enrolment"]},
		"approved the first approver": {"links": {"governance-1": ["", ""], "creator-1": ["", ""], "governance-2": ["operator-1", "governance-1"]}, "approvals": ["governance-2"], "codes": ["approval.enrolment"]},
		"the same approver": {"links": {"governance-1": ["operator-1", "governance-9"], "creator-1": ["operator-1", "governance-9"], "governance-2": ["operator-1", "governance-9"]}, "approvals": ["governance-2"], "codes": ["role.permitted"]},
	}
	enrolments := {id: {"enrolled_by": l[0], "approved_by": l[1]} | some id, l in c.links}
	project := object.union(submitted_project, {"sensitive": true, "approvals": c.approvals})
	d := decide(officer("governance-1"), "project.approve", {"now": now, "settings": settings, "project": project, "enrolments": enrolments})
	codes(d) == c.codes
}

test_four_eyes_needs_every_enrolment if {
	enrolments := {"governance-1": {"enrolled_by": "", "approved_by": ""}, "creator-1": {"enrolled_by": "", "approved_by": ""}}
	project := object.union(submitted_project, {"approvals": ["governance-2"]})
	x := {"principal": officer("governance-1"), "action": "project.approve", "resource": {"now": now, "settings": settings, "project": project, "enrolments": enrolments}}
	d := authz.decision with input as x
	codes(d) == ["input.invalid"]
	[r] := d.reasons
	contains(r.message, "resource.enrolments")
}

test_sensitive_project_needs_two_officers if {
	sensitive := object.union(submitted_project, {"sensitive": true})

	first := approve(officer("governance-1"), sensitive)
	first.allow == true
	first.obligations.approvals_required == 2
	first.obligations.approvals_after == 1
	first.obligations.state_after == "submitted"

	second := approve(officer("governance-2"), object.union(sensitive, {"approvals": ["governance-1"]}))
	second.allow == true
	second.obligations.approvals_required == 2
	second.obligations.approvals_after == 2
	second.obligations.state_after == "approved"

	again := approve(officer("governance-1"), object.union(sensitive, {"approvals": ["governance-1"]}))
	codes(again) == ["approval.duplicate"]
}

test_approvals_required_come_from_settings if {
	three := {"approvals_required": 2, "approvals_required_sensitive": 3}
	d := decide(officer("governance-3"), "project.approve", {
		"now": now,
		"settings": three,
		"project": object.union(submitted_project, {"approvals": ["governance-1"]}),
	})
	d.allow == true
	d.obligations.approvals_required == 2
	d.obligations.approvals_after == 2
	d.obligations.state_after == "approved"

	s := decide(officer("governance-3"), "project.approve", {
		"now": now,
		"settings": three,
		"project": object.union(submitted_project, {"approvals": ["governance-1"], "sensitive": true}),
	})
	s.obligations.approvals_required == 3
	s.obligations.state_after == "submitted"
}

# An approval by an officer who has since joined the project, or duplicated
# in the list, does not count.
test_conflicted_earlier_approvals_do_not_count if {
	project := object.union(submitted_project, {
		"sensitive": true,
		"members": ["researcher-1", "governance-1"],
		"approvals": ["governance-1", "creator-1", "lead-1", "governance-2", "governance-2"],
	})
	d := approve(officer("governance-3"), project)
	d.allow == true
	d.obligations.approvals_after == 2
	d.obligations.state_after == "approved"
}

test_change_after_approval_resets[name] if {
	some action in ["project.update", "project.member_add", "project.member_remove"]
	some state in ["approved", "active", "suspended"]
	name := sprintf("%s in %s", [action, state])

	resource := object.union(resource_for(action, state), {"project": object.union(project_in(state), {"approvals": ["governance-2", "governance-3"]})})
	d := decide(principal("governance"), action, resource)
	d.allow == true
	d.obligations.reset_approvals == true
	d.obligations.state_after == "submitted"
}

# Approvals already given to a submission go when it changes.
test_change_during_approval_resets[action] if {
	some action in ["project.update", "project.member_add", "project.member_remove"]
	resource := object.union(resource_for(action, "submitted"), {"project": object.union(submitted_project, {"approvals": ["governance-2"]})})
	d := decide(principal("governance"), action, resource)
	d.allow == true
	d.obligations.reset_approvals == true
	d.obligations.state_after == "submitted"
}

# Written reasons.

test_reason_required[name] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	some label, reason in {"empty": "", "blank": " \t\n"}
	name := sprintf("%s with a %s reason", [action, label])

	d := decide(principal("governance"), action, object.union(resource_for(action, state), {"reason": reason}))
	d.allow == false
	codes(d) == ["reason.required"]
	every r in d.reasons {
		explained(r)
	}
}

test_reason_required_when_absent[action] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	d := decide(principal("governance"), action, object.remove(resource_for(action, state), {"reason"}))
	codes(d) == ["reason.required"]
}

test_reason_given[action] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	d := decide(principal("governance"), action, object.union(resource_for(action, state), {"reason": "CAG support withdrawn"}))
	d.allow == true
}

# The creator may reject: rejecting loosens nothing.
test_creator_may_reject if {
	d := decide(officer("creator-1"), "project.reject", resource_for("project.reject", "submitted"))
	d.allow == true
	d.obligations.state_after == "rejected"
}

test_all_denials_are_collected if {
	d := decide(principal("governance"), "project.suspend", object.union(resource_for("project.suspend", "draft"), {"reason": ""}))
	codes(d) == ["project.state_invalid", "reason.required"]
}

# Derived state at the edges of the dates. Auditors may view in every state.
test_effective_state[name] if {
	some name, c in {
		"approved, starts today": {"now": "2025-06-15T00:00:00Z", "project": {"state": "approved", "start_date": "2025-06-15"}, "want": "active"},
		"approved, starts tomorrow": {"now": "2025-06-14T23:59:59.999Z", "project": {"state": "approved", "start_date": "2025-06-15"}, "want": "approved"},
		"active, before its start": {"now": now, "project": {"state": "active", "start_date": "2025-06-16"}, "want": "approved"},
		"active, last day": {"now": "2025-12-31T23:59:59Z", "project": {"state": "active"}, "want": "active"},
		"active, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "active"}, "want": "expired"},
		"approved, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "approved"}, "want": "expired"},
		"approved, expired before start": {"now": "2026-01-01T00:00:00Z", "project": {"state": "approved", "start_date": "2025-12-31"}, "want": "expired"},
		"suspended, last day": {"now": "2025-12-31T12:00:00Z", "project": {"state": "suspended"}, "want": "suspended"},
		"suspended, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "suspended"}, "want": "expired"},
		"leap century expiry": {"now": "2000-03-01T00:00:00Z", "project": {"state": "active", "start_date": "2000-01-01", "expiry_date": "2000-02-29"}, "want": "expired"},
		"leap day expiry": {"now": "2024-03-01T00:00:00Z", "project": {"state": "approved", "start_date": "2024-01-01", "expiry_date": "2024-02-29"}, "want": "expired"},
		"draft past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "draft"}, "want": "draft"},
		"submitted past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "submitted"}, "want": "submitted"},
		"closed past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "closed"}, "want": "closed"},
		"rejected past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "rejected"}, "want": "rejected"},
	}

	d := decide(principal("auditor"), "project.view", {"now": c.now, "project": object.union(base_project, c.project)})
	d.allow == true
	d.obligations.effective_state == c.want
}

test_use_on_the_last_day_and_the_day_after if {
	project := object.union(base_project, {"state": "active"})
	last := decide(principal("researcher"), "project.use", {"now": "2025-12-31T23:59:59Z", "project": project, "optout_lists": ready_lists})
	last.allow == true
	after := decide(principal("researcher"), "project.use", {"now": "2026-01-01T00:00:00Z", "project": project, "optout_lists": ready_lists})
	codes(after) == ["project.expired"]
	after.obligations.effective_state == "expired"
}

test_submit_past_expiry if {
	d := decide(principal("governance"), "project.submit", {"now": now, "project": object.union(project_in("draft"), {"expiry_date": "2025-06-14"})})
	codes(d) == ["project.expired"]
}

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

# Proposals.

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

test_unknown_project_action[role] if {
	some role in roles
	d := decide(principal(role), "project.delete", resource_for("project.close", "active"))
	codes(d) == ["action.unknown"]
}

# Malformed input is denied with input.invalid only, whoever asks.
test_malformed_input if {
	askers := ["anonymous", "researcher", "governance"]
	want := {sprintf("%s as %s", [name, role]): malformed_outcome |
		some name, _ in malformed_inputs
		some role in askers
	}
	got := {sprintf("%s as %s", [name, role]): outcome |
		some name, c in malformed_inputs
		some role in askers
		x := {"principal": principal(role), "action": c.action, "resource": c.resource}
		d := authz.decision with input as x
		outcome := {
			"allow": d.allow,
			"codes": {code | some code in codes(d)},
			"obligations": d.obligations,
			"governance_valid": governance_valid,
		} with input as x
	}
	all_match(got, want)
}

governance_valid if governance.valid

else := false

malformed_outcome := {"allow": false, "codes": {"input.invalid"}, "obligations": {}, "governance_valid": false}

malformed_inputs := {
	"no resource": {"action": "project.view", "resource": null},
	"resource not an object": {"action": "project.view", "resource": "p-1"},
	"no project": {"action": "project.view", "resource": {"now": now}},
	"create with a project": {"action": "project.create", "resource": {"now": now, "proposal": valid_proposal, "project": project_in("draft")}},
	"create without proposal": {"action": "project.create", "resource": {"now": now}},
	"update without proposal": {"action": "project.update", "resource": {"now": now, "project": project_in("active")}},
	"approve without settings": {"action": "project.approve", "resource": {"now": now, "project": submitted_project}},
	"settings zero": {"action": "project.approve", "resource": {"now": now, "settings": {"approvals_required": 0, "approvals_required_sensitive": 2}, "project": submitted_project}},
	"sensitive below normal": {"action": "project.approve", "resource": {"now": now, "settings": {"approvals_required": 2, "approvals_required_sensitive": 1}, "project": submitted_project}},
	"unknown stored state": {"action": "project.view", "resource": {"now": now, "project": object.union(base_project, {"state": "expired"})}},
	"no state": {"action": "project.view", "resource": {"now": now, "project": object.remove(project_in("active"), {"state"})}},
	"empty id": {"action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"id": ""})}},
	"approvals missing": {"action": "project.view", "resource": {"now": now, "project": object.remove(project_in("active"), {"approvals"})}},
	"bad month": {"action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"start_date": "2025-13-01"})}},
	"not a leap year": {"action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"expiry_date": "2100-02-29"})}},
	"day zero": {"action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"expiry_date": "2025-06-00"})}},
	"date with time": {"action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"expiry_date": "2025-12-31T00:00:00Z"})}},
	"negative rounding": {"action": "project.create", "resource": {"now": now, "proposal": object.union(valid_proposal, {"minimum_rounding": -5})}},
}

test_input_errors_name_the_field if {
	x := {"principal": principal("auditor"), "action": "project.view", "resource": {"now": now, "project": object.union(project_in("active"), {"expiry_date": "2025-06-31"})}}
	d := authz.decision with input as x
	[r] := d.reasons
	r.message == "resource.project.expiry_date must be a date, YYYY-MM-DD"
}

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

test_optout_lists_are_required_for_use if {
	resource := object.remove(resource_for("project.use", "active"), {"optout_lists"})
	d := decide(principal("researcher"), "project.use", resource)
	codes(d) == ["input.invalid"]
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

test_query_input_is_checked[name] if {
	some name, changes in {
		"minimums miss a used dataset": {"columns": {"lab": ["egfr"]}},
		"settings not whole numbers": {"disclosure": {"threshold": 0, "rounding": 5}},
		"no limits": {"limits": "none"},
		"an unknown mode": {"minimums": {"gp": dataset_settings(10, 5, {"mode": "noise"})}},
		"dominance n too large": {"minimums": {"gp": dataset_settings(10, 5, {"dominance_n": 11})}},
		"dominance k a fraction": {"minimums": {"gp": dataset_settings(10, 5, {"dominance_k": 0.9})}},
		"p_percent zero": {"minimums": {"gp": dataset_settings(10, 5, {"p_percent": 0})}},
		"columns not lists": {"columns": {"gp": "bmi"}},
	}
	d := decide(principal("researcher"), "project.use", object.union(query_resource({"gp": ["bmi"]}, {}), {"query": object.union(query_resource({"gp": ["bmi"]}, {}).query, changes)}))
	codes(d)[0] == "input.invalid"
	d.allow == false
}
