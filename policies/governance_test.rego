# Tests of governance.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it: the gates of every
# action in every state, for every caller. The helpers here serve the
# tests of the other governance_*.rego files, in the same package.
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

test_all_denials_are_collected if {
	d := decide(principal("governance"), "project.suspend", object.union(resource_for("project.suspend", "draft"), {"reason": ""}))
	codes(d) == ["project.state_invalid", "reason.required"]
}

test_unknown_project_action[role] if {
	some role in roles
	d := decide(principal(role), "project.delete", resource_for("project.close", "active"))
	codes(d) == ["action.unknown"]
}
