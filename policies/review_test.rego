# Tests of review.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it.
package enclave.review_test

import data.enclave.authz
import data.enclave.review

roles := ["anonymous", "researcher", "governance", "auditor", "operator"]

now := "2025-06-15T10:00:00Z"

# An active project led by lead-1, with researcher-1 as a member.
project := {
	"id": "prj_000000000001",
	"state": "approved",
	"created_by": "creator-1",
	"lead": "lead-1",
	"members": ["researcher-1"],
	"approvals": ["governance-9"],
	"sensitive": false,
	"legal_basis": "s251_standard",
	"start_date": "2025-01-01",
	"expiry_date": "2025-12-31",
}

# A result researcher-1 asked for, held and not yet approved.
held := {"id": "res_000000000001", "requester": "researcher-1", "state": "held", "approvals": []}

principal("anonymous") := {"role": "anonymous"}

principal(role) := {"id": concat("-", [role, "1"]), "role": role} if role != "anonymous"

officer(id) := {"id": id, "role": "governance"}

researcher(id) := {"id": id, "role": "researcher"}

# release_resource is the resource of result.release with changes.
release_resource(changes) := {"release": object.union({"datasets": {"patients": false}, "output_review": false, "near_misses": 0, "repeats": 0, "rollback": false}, changes)}

# What the held result was computed on: the project's first submission,
# a catalogue revision and version 3 of the national data opt-out.
held_on := {"project_submission": 1, "catalogue_revision": "sha256:c1", "optout_lists": {"ndoo": 3}, "data_revisions": {"patients": "sha256:d1"}}

# The same now: nothing the answer applied has changed.
current := {
	"project_submission": 1,
	"catalogue_revision": "sha256:c1",
	"optout_lists": {"ndoo": {"version": 3, "state": "ready"}, "type1": {"version": 2, "state": "ready"}},
	"data_revisions": {"patients": "sha256:d1", "ae_attendances": "sha256:a1"},
}

# review_resource is the resource of a review action on the result and
# project with changes, with a written reason.
review_resource(result_changes, project_changes) := {
	"now": now,
	"reason": "checked every cell",
	"settings": {"approvals_required": 2},
	"result": object.union(held, result_changes),
	"project": object.union(project, project_changes),
	"held_on": held_on,
	"current": current,
}

# grounds_resource is review_resource({}, {}) with fields of current
# replaced whole.
grounds_resource(current_changes) := replaced("current", object.union(object.remove(current, object.keys(current_changes)), current_changes))

resource_for("result.release") := release_resource({})

resource_for(action) := review_resource({}, {}) if action != "result.release"

decide(p, action, resource) := d if {
	d := authz.decision with input as {"principal": p, "action": action, "resource": with_enrolments(p, action, resource)}
}

# with_enrolments gives an approval without enrolments those of its
# principals as if they were bootstrapped: nobody links them.
with_enrolments(p, "review.approve", resource) := object.union({"enrolments": unlinked(ids)}, resource) if {
	is_object(resource.result)
	ids := array.concat([object.get(p, "id", ""), object.get(resource.result, "requester", "")], object.get(resource.result, "approvals", []))
} else := resource

with_enrolments(_, action, resource) := resource if action != "review.approve"

unlinked(ids) := {id: {"enrolled_by": "", "approved_by": ""} | some id in ids}

codes(d) := [r.code | some r in d.reasons]

test_actions_are_the_specified_ones if {
	review.actions == {"result.release", "review.view", "review.approve", "review.reject"}
}

# expected_access[action][role] is the grant a role gets on a well-formed
# resource that calls for nothing; other roles are refused at the gate.
expected_access := {
	"result.release": {"researcher": "release.automatic"},
	"review.view": {"researcher": "review.requester", "governance": "role.permitted"},
	"review.approve": {"governance": "role.permitted"},
	"review.reject": {"governance": "role.permitted"},
}

test_role_gates[name] if {
	some action, access in expected_access
	some role in roles
	name := sprintf("%s as %s", [action, role])
	d := decide(principal(role), action, resource_for(action))
	gate_outcome(d, access, role)
}

gate_outcome(d, access, role) if {
	d.allow
	codes(d) == [access[role]]
}

gate_outcome(d, _, "anonymous") if {
	not d.allow
	codes(d) == ["auth.required"]
	d.obligations == {}
}

gate_outcome(d, access, role) if {
	role != "anonymous"
	not access[role]
	not d.allow
	codes(d) == ["role.not_permitted"]
	d.obligations == {}
}

# result.release: what holds an answer for review.
test_release[name] if {
	some name, c in {
		"nothing calls for review": {"changes": {}, "codes": ["release.automatic"], "outcome": "release", "allow": true},
		"a dataset marked for review": {"changes": {"datasets": {"patients": false, "social_care": true}}, "codes": ["review.dataset"], "outcome": "review", "allow": false},
		"two datasets marked for review": {"changes": {"datasets": {"gp_events": true, "social_care": true}}, "codes": ["review.dataset", "review.dataset"], "outcome": "review", "allow": false},
		"the project's setting": {"changes": {"output_review": true}, "codes": ["review.project"], "outcome": "review", "allow": false},
		"a near miss": {"changes": {"near_misses": 1}, "codes": ["review.near_miss"], "outcome": "review", "allow": false},
		"a repeat of a held result": {"changes": {"repeats": 1}, "codes": ["review.repeat"], "outcome": "review", "allow": false},
		"a rollback held": {"changes": {"rollback": true}, "codes": ["review.rollback"], "outcome": "review", "allow": false},
		"everything": {"changes": {"datasets": {"social_care": true}, "output_review": true, "near_misses": 3, "repeats": 2, "rollback": true}, "codes": ["review.dataset", "review.near_miss", "review.project", "review.repeat", "review.rollback"], "outcome": "review", "allow": false},
	}
	d := decide(researcher("researcher-1"), "result.release", release_resource(c.changes))
	d.allow == c.allow
	codes(d) == c.codes
	d.obligations == {"outcome": c.outcome}
	every r in d.reasons {
		r.message != ""
	}
}

test_near_miss_tolerance_is_none if {
	review.near_miss_tolerance == 0
}

# review.view: officers see every result, and its cells; the requester
# follows their own while in the project, and sees the cells once released
# while the project is active; anyone else learns nothing.
test_view[name] if {
	some name, c in {
		"an officer, held": {"who": officer("governance-1"), "result": {}, "project": {}, "codes": ["role.permitted"], "show": true},
		"an officer, rejected": {"who": officer("governance-1"), "result": {"state": "rejected"}, "project": {"state": "closed"}, "codes": ["role.permitted"], "show": true},
		"the requester, held": {"who": researcher("researcher-1"), "result": {}, "project": {}, "codes": ["review.requester"], "show": false},
		"the requester, released": {"who": researcher("researcher-1"), "result": {"state": "released"}, "project": {}, "codes": ["review.requester"], "show": true},
		"the requester, released, project suspended": {"who": researcher("researcher-1"), "result": {"state": "released"}, "project": {"state": "suspended"}, "codes": ["review.requester"], "show": false},
		"the requester, rejected": {"who": researcher("researcher-1"), "result": {"state": "rejected"}, "project": {}, "codes": ["review.requester"], "show": false},
		"the lead as requester, released": {"who": researcher("lead-1"), "result": {"state": "released", "requester": "lead-1"}, "project": {}, "codes": ["review.requester"], "show": true},
	}
	d := decide(c.who, "review.view", review_resource(c.result, c.project))
	d.allow == true
	codes(d) == c.codes
	d.obligations == {"show_result": c.show}
}

test_view_refused[name] if {
	some name, c in {
		"another researcher": {"who": "researcher-2", "project": {"members": ["researcher-1", "researcher-2"]}, "codes": ["review.not_requester"]},
		"the lead, who did not ask": {"who": "lead-1", "project": {}, "codes": ["review.not_requester"]},
		"the requester, removed from the project": {"who": "researcher-1", "project": {"members": []}, "codes": ["review.requester_left"]},
	}
	d := decide(researcher(c.who), "review.view", review_resource({"state": "released"}, c.project))
	d.allow == false
	codes(d) == c.codes
	d.obligations == {}
}

# review.approve: two distinct officers release it.
test_approvals_release_the_result if {
	first := decide(officer("governance-1"), "review.approve", review_resource({}, {}))
	first.allow == true
	codes(first) == ["role.permitted"]
	first.obligations == {"approvals_required": 2, "approvals_after": 1, "state_after": "held"}

	second := decide(officer("governance-2"), "review.approve", review_resource({"approvals": ["governance-1"]}, {}))
	second.allow == true
	second.obligations == {"approvals_required": 2, "approvals_after": 2, "state_after": "released"}
}

test_approvals_required_come_from_settings if {
	one := object.union(review_resource({}, {}), {"settings": {"approvals_required": 1}})
	d := decide(officer("governance-1"), "review.approve", one)
	d.obligations == {"approvals_required": 1, "approvals_after": 1, "state_after": "released"}
}

# An approval recorded under the requester's id never counts.
test_requester_approval_does_not_count if {
	d := decide(officer("governance-2"), "review.approve", review_resource({"approvals": ["researcher-1"]}, {}))
	d.obligations.approvals_after == 1
	d.obligations.state_after == "held"
}

test_approve_refused[name] if {
	some name, c in {
		"by the requester": {"by": "researcher-1", "result": {}, "project": {}, "codes": ["review.self"]},
		"twice": {"by": "governance-1", "result": {"approvals": ["governance-1"]}, "project": {}, "codes": ["review.already_approved"]},
		"released already": {"by": "governance-2", "result": {"state": "released", "approvals": ["governance-1", "governance-3"]}, "project": {}, "codes": ["review.not_held"]},
		"rejected": {"by": "governance-2", "result": {"state": "rejected"}, "project": {}, "codes": ["review.not_held"]},
		"the requester left": {"by": "governance-2", "result": {}, "project": {"members": []}, "codes": ["review.requester_left"]},
		"the project is suspended": {"by": "governance-2", "result": {}, "project": {"state": "suspended"}, "codes": ["project.not_active"]},
		"the project expired": {"by": "governance-2", "result": {}, "project": {"expiry_date": "2025-06-14"}, "codes": ["project.not_active"]},
		"the project is back for approval": {"by": "governance-2", "result": {}, "project": {"state": "submitted", "members": []}, "codes": ["project.not_active", "review.requester_left"]},
	}
	d := decide(officer(c.by), "review.approve", review_resource(c.result, c.project))
	d.allow == false
	codes(d) == c.codes
	d.obligations == {}
	every r in d.reasons {
		r.message != ""
	}
}

test_not_active_names_the_state if {
	d := decide(officer("governance-2"), "review.approve", review_resource({}, {"expiry_date": "2025-06-14"}))
	[r] := d.reasons
	contains(r.message, "expired")
}

# review.approve: a result is released only on the grounds it was
# computed on; each change is named.
test_approve_refused_when_stale[name] if {
	some name, c in {
		"a newer opt-out list": {"current": {"optout_lists": {"ndoo": {"version": 4, "state": "ready"}}}, "messages": ["opt-out list ndoo has changed since the answer was held (version 3 applied, version 4 now)"]},
		"the opt-out list went stale": {"current": {"optout_lists": {"ndoo": {"version": 3, "state": "stale"}}}, "messages": ["opt-out list ndoo is stale now"]},
		"the opt-out list is missing": {"current": {"optout_lists": {"ndoo": {"version": 0, "state": "missing"}}}, "messages": ["opt-out list ndoo is missing now"]},
		"the opt-out list is left out": {"current": {"optout_lists": {}}, "messages": ["opt-out list ndoo is missing now"]},
		"a newer list under another key": {"current": {"optout_lists": {"ndoo": {"version": 4, "state": "key_mismatch"}}}, "messages": ["opt-out list ndoo is key_mismatch now", "(version 3 applied, version 4 now)"]},
		"the project changed": {"current": {"project_submission": 2}, "messages": ["the project has changed since the answer was held (submission 1 then, 2 now)"]},
		"the catalogue changed": {"current": {"catalogue_revision": "sha256:c2"}, "messages": ["the catalogue has changed since the answer was held (revision sha256:c1 then, sha256:c2 now)"]},
		"a load was added or retracted": {"current": {"data_revisions": {"patients": "sha256:d2"}}, "messages": ["dataset patients has changed since the answer was held (a load was added or retracted)"]},
		"no load is live any more": {"current": {"data_revisions": {}}, "messages": ["dataset patients has changed"]},
	}
	d := decide(officer("governance-2"), "review.approve", grounds_resource(c.current))
	d.allow == false
	d.obligations == {}
	count(d.reasons) == count(c.messages)
	every r in d.reasons {
		r.code == "review.stale"
		contains(r.message, "reject it")
	}
	every m in c.messages {
		some r in d.reasons
		contains(r.message, m)
	}
}

# A result held before answers recorded their data revisions cannot be
# shown to be unchanged, so it is not released.
test_approve_refused_without_data_revisions[name] if {
	some name, held in {
		"none recorded": object.remove(held_on, ["data_revisions"]),
		"null": object.union(object.remove(held_on, ["data_revisions"]), {"data_revisions": null}),
		"empty": object.union(object.remove(held_on, ["data_revisions"]), {"data_revisions": {}}),
	}
	d := decide(officer("governance-2"), "review.approve", replaced("held_on", held))
	d.allow == false
	[r] := d.reasons
	r.code == "review.stale"
	contains(r.message, "does not record which rows")
}

# A revision that is not a non-empty string is an input error.
test_approve_refuses_malformed_data_revisions[name] if {
	some name, c in {
		"held_on, a number": {"record": "held_on", "revisions": {"patients": 7}},
		"current, empty": {"record": "current", "revisions": {"patients": ""}},
		"current, a list": {"record": "current", "revisions": ["sha256:d1"]},
	}
	base := review_resource({}, {})
	record := object.union(object.remove(base[c.record], ["data_revisions"]), {"data_revisions": c.revisions})
	d := decide(officer("governance-2"), "review.approve", replaced(c.record, record))
	d.allow == false
	codes(d) == ["input.invalid"]
}

# Only the lists the answer applied count: another list may change.
test_approve_ignores_lists_not_applied if {
	d := decide(officer("governance-2"), "review.approve", grounds_resource({"optout_lists": {"ndoo": {"version": 3, "state": "ready"}, "type1": {"version": 0, "state": "missing"}}}))
	d.allow == true
	codes(d) == ["role.permitted"]
}

# Officers linked by enrolment (one enrolled the other, or approved their
# enrolment) count as one: an approval is refused when its officer is
# linked to the requester or to an officer who approved the result already.
test_approve_refuses_officers_linked_by_enrolment[name] if {
	some name, c in {
		"approved by the first approver": {"links": {"governance-2": ["operator-1", "governance-1"], "governance-1": ["", ""], "researcher-1": ["operator-1", ""]}, "codes": ["review.enrolment"]},
		"approved the first approver": {"links": {"governance-2": ["", ""], "governance-1": ["operator-1", "governance-2"], "researcher-1": ["operator-1", ""]}, "codes": ["review.enrolment"]},
		"enrolled the requester": {"links": {"governance-2": ["", ""], "governance-1": ["", ""], "researcher-1": ["governance-2", ""]}, "codes": ["review.enrolment"]},
		"the same enroller and approver": {"links": {"governance-2": ["operator-1", "governance-9"], "governance-1": ["operator-1", "governance-9"], "researcher-1": ["operator-1", ""]}, "codes": ["role.permitted"]},
	}
	enrolments := {id: {"enrolled_by": l[0], "approved_by": l[1]} | some id, l in c.links}
	resource := object.union(review_resource({"approvals": ["governance-1"]}, {}), {"enrolments": enrolments})
	d := decide(officer("governance-2"), "review.approve", resource)
	codes(d) == c.codes
}

test_approve_needs_every_enrolment if {
	resource := object.union(review_resource({"approvals": ["governance-1"]}, {}), {"enrolments": {"governance-2": {"enrolled_by": "", "approved_by": ""}}})
	d := authz.decision with input as {"principal": officer("governance-2"), "action": "review.approve", "resource": resource}
	codes(d) == ["input.invalid"]
}

# A stale result can still be rejected.
test_reject_a_stale_result if {
	stale := grounds_resource({"project_submission": 2, "optout_lists": {"ndoo": {"version": 4, "state": "stale"}}})
	d := decide(officer("governance-2"), "review.reject", stale)
	d.allow == true
	d.obligations == {"state_after": "rejected"}
}

# review.reject: a reason is required; a result whose requester has left,
# or whose project stopped, can still be rejected.
test_reject[name] if {
	some name, c in {
		"with a reason": {"result": {}, "project": {}, "reason": "a cell of 12 differs by 3 from one given before", "codes": ["role.permitted"]},
		"the requester left": {"result": {}, "project": {"members": []}, "reason": "no longer on the project", "codes": ["role.permitted"]},
		"the project is suspended": {"result": {}, "project": {"state": "suspended"}, "reason": "suspended", "codes": ["role.permitted"]},
		"after one approval": {"result": {"approvals": ["governance-1"]}, "project": {}, "reason": "on second thoughts", "codes": ["role.permitted"]},
	}
	resource := object.union(review_resource(c.result, c.project), {"reason": c.reason})
	d := decide(officer("governance-2"), "review.reject", resource)
	d.allow == true
	codes(d) == c.codes
	d.obligations == {"state_after": "rejected"}
}

test_reject_refused[name] if {
	some name, c in {
		"without a reason": {"by": "governance-2", "result": {}, "reason": "", "codes": ["review.reason_required"]},
		"with a blank reason": {"by": "governance-2", "result": {}, "reason": " \t\n", "codes": ["review.reason_required"]},
		"by the requester": {"by": "researcher-1", "result": {}, "reason": "mine", "codes": ["review.self"]},
		"released already": {"by": "governance-2", "result": {"state": "released"}, "reason": "too late", "codes": ["review.not_held"]},
		"everything wrong": {"by": "researcher-1", "result": {"state": "rejected"}, "reason": "", "codes": ["review.not_held", "review.reason_required", "review.self"]},
	}
	resource := object.union(review_resource(c.result, {}), {"reason": c.reason})
	d := decide(officer(c.by), "review.reject", resource)
	d.allow == false
	codes(d) == c.codes
}

test_reject_without_a_reason_field if {
	d := decide(officer("governance-2"), "review.reject", object.remove(review_resource({}, {}), {"reason"}))
	codes(d) == ["review.reason_required"]
}

# Malformed input is denied with input.invalid only.
test_malformed_input[name] if {
	some name, c in {
		"no resource": {"action": "review.view", "resource": null},
		"resource not an object": {"action": "result.release", "resource": "res_1"},
		"no release": {"action": "result.release", "resource": {}},
		"no datasets": {"action": "result.release", "resource": {"release": {"output_review": false, "near_misses": 0, "repeats": 0, "rollback": false}}},
		"no dataset at all": {"action": "result.release", "resource": {"release": {"datasets": {}, "output_review": false, "near_misses": 0, "repeats": 0, "rollback": false}}},
		"near misses negative": {"action": "result.release", "resource": release_resource({"near_misses": -1})},
		"repeats missing": {"action": "result.release", "resource": {"release": {"datasets": {"patients": false}, "output_review": false, "near_misses": 0}}},
		"repeats negative": {"action": "result.release", "resource": release_resource({"repeats": -1})},
		"rollback missing": {"action": "result.release", "resource": {"release": {"datasets": {"patients": false}, "output_review": false, "near_misses": 0, "repeats": 0}}},
		"rollback not a boolean": {"action": "result.release", "resource": release_resource({"rollback": "yes"})},
		"no result": {"action": "review.view", "resource": object.remove(review_resource({}, {}), {"result"})},
		"result state unknown": {"action": "review.view", "resource": review_resource({"state": "approved"}, {})},
		"empty requester": {"action": "review.view", "resource": review_resource({"requester": ""}, {})},
		"no project": {"action": "review.reject", "resource": object.remove(review_resource({}, {}), {"project"})},
		"project without members": {"action": "review.view", "resource": replaced("project", object.remove(project, {"members"}))},
		"approve without settings": {"action": "review.approve", "resource": object.remove(review_resource({}, {}), {"settings"})},
		"approvals required zero": {"action": "review.approve", "resource": object.union(review_resource({}, {}), {"settings": {"approvals_required": 0}})},
		"approve without held_on": {"action": "review.approve", "resource": object.remove(review_resource({}, {}), {"held_on"})},
		"approve without current": {"action": "review.approve", "resource": object.remove(review_resource({}, {}), {"current"})},
		"held_on submission negative": {"action": "review.approve", "resource": replaced("held_on", object.union(held_on, {"project_submission": -1}))},
		"held_on catalogue revision empty": {"action": "review.approve", "resource": replaced("held_on", object.union(held_on, {"catalogue_revision": ""}))},
		"held_on without lists": {"action": "review.approve", "resource": replaced("held_on", object.remove(held_on, {"optout_lists"}))},
		"held_on list version zero": {"action": "review.approve", "resource": replaced("held_on", object.union(held_on, {"optout_lists": {"ndoo": 0}}))},
		"current submission not whole": {"action": "review.approve", "resource": grounds_resource({"project_submission": 1.5})},
		"current lists not an object": {"action": "review.approve", "resource": replaced("current", object.union(current, {"optout_lists": ["ndoo"]}))},
		"current list state unknown": {"action": "review.approve", "resource": grounds_resource({"optout_lists": {"ndoo": {"version": 3, "state": "fresh"}}})},
		"current list version negative": {"action": "review.approve", "resource": grounds_resource({"optout_lists": {"ndoo": {"version": -1, "state": "ready"}}})},
		"current list a number": {"action": "review.approve", "resource": replaced("current", object.union(current, {"optout_lists": {"ndoo": 3}}))},
	}
	some role in ["researcher", "governance"]
	x := {"principal": principal(role), "action": c.action, "resource": c.resource}
	d := authz.decision with input as x
	d.allow == false
	{code | some code in codes(d)} == {"input.invalid"}
	d.obligations == {}
	not review.valid with input as x
}

# replaced is a review resource with one record replaced whole.
replaced(name, record) := object.union(object.remove(review_resource({}, {}), {name}), {name: record})

test_input_errors_name_the_field if {
	x := {"principal": principal("governance"), "action": "review.approve", "resource": with_enrolments(principal("governance"), "review.approve", review_resource({"state": "approved"}, {}))}
	d := authz.decision with input as x
	[r] := d.reasons
	r.message == "resource.result.state must be held, released or rejected"
}
