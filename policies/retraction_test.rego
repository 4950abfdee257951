# Tests of retraction.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it.
package enclave.retraction_test

import data.enclave.authz

live := {"id": 7, "dataset": "patients", "loaded_by": "otto", "state": "live"}

pending := object.union(live, {"state": "pending"})

asked_by(id) := {"requested_by": id, "confirmation_required": true}

# otto enrolled ops-2; vera approved gov-a, whom otto enrolled.
enrolments := {
	"otto": {"enrolled_by": "", "approved_by": ""},
	"ops-2": {"enrolled_by": "otto", "approved_by": ""},
	"ops-3": {"enrolled_by": "", "approved_by": ""},
	"gov-a": {"enrolled_by": "otto", "approved_by": "vera"},
	"researcher-1": {"enrolled_by": "otto", "approved_by": ""},
}

retract(who, role, load, reason) := d if {
	d := authz.decision with input as {
		"principal": {"id": who, "role": role},
		"action": "dataset.retract",
		"resource": {"load": load, "reason": reason, "enrolments": {}},
	}
}

confirm(who, role, load, retraction) := d if {
	d := authz.decision with input as {
		"principal": {"id": who, "role": role},
		"action": "dataset.retract_confirm",
		"resource": {"load": load, "reason": "", "retraction": retraction, "enrolments": enrolments},
	}
}

codes(d) := {r.code | some r in d.reasons}

test_operator_asks_and_a_second_person_must_confirm if {
	d := retract("otto", "operator", live, "wrong date layout in the mapping")
	d.allow
	d.obligations == {"confirmation_required": true, "state_after": "pending"}
}

test_officer_asks_and_a_second_person_must_confirm if {
	d := retract("gov-a", "governance", live, "loaded without a legal basis")
	d.allow
	d.obligations.confirmation_required
}

# The setting is the policy's: with it empty, an operator retracts alone.
test_setting_decides_whether_a_second_person_is_needed if {
	d := retract("otto", "operator", live, "wrong mapping") with data.enclave.retraction.second_person_for as set()
	d.allow
	d.obligations == {"confirmation_required": false, "state_after": "retracted"}
}

test_other_roles_may_not_retract if {
	every role in ["researcher", "auditor"] {
		d := retract("x-1", role, live, "no")
		not d.allow
		"role.not_permitted" in codes(d)
	}
}

test_anonymous_may_not_retract if {
	d := authz.decision with input as {"principal": {"role": "anonymous"}, "action": "dataset.retract", "resource": {"load": live, "reason": "x", "enrolments": {}}}
	not d.allow
	"auth.required" in codes(d)
}

test_reason_required if {
	d := retract("otto", "operator", live, "  ")
	not d.allow
	codes(d) == {"retraction.reason_required"}
}

test_only_live_loads_are_retracted if {
	every load in [pending, object.union(live, {"state": "retracted"})] {
		d := retract("otto", "operator", load, "again")
		codes(d) == {"retraction.not_live"}
	}
}

test_second_operator_confirms if {
	d := confirm("ops-3", "operator", pending, asked_by("otto"))
	d.allow
	d.obligations == {"state_after": "retracted"}
}

test_officer_confirms_whoever_enrolled_them if {
	d := confirm("gov-a", "governance", pending, asked_by("otto"))
	d.allow
}

test_requester_never_confirms_their_own if {
	d := confirm("otto", "operator", pending, asked_by("otto"))
	not d.allow
	codes(d) == {"retraction.self"}
}

test_operator_enrolled_by_the_requester_counts_as_one if {
	d := confirm("ops-2", "operator", pending, asked_by("otto"))
	not d.allow
	codes(d) == {"retraction.enrolment"}
}

test_confirm_needs_a_waiting_retraction if {
	every load in [live, object.union(live, {"state": "retracted"})] {
		d := confirm("ops-3", "operator", load, asked_by("otto"))
		codes(d) == {"retraction.not_pending"}
	}
}

test_researcher_may_not_confirm if {
	d := confirm("researcher-1", "researcher", pending, asked_by("otto"))
	"role.not_permitted" in codes(d)
}

test_bad_input_is_invalid if {
	every res in [
		{"load": object.union(live, {"id": 0}), "reason": "x", "enrolments": {}},
		{"load": object.union(live, {"state": "gone"}), "reason": "x", "enrolments": {}},
		{"load": live, "enrolments": {}},
	] {
		d := authz.decision with input as {"principal": {"id": "otto", "role": "operator"}, "action": "dataset.retract", "resource": res}
		not d.allow
		codes(d) == {"input.invalid"}
	}
}

test_confirm_needs_the_retraction_and_enrolments if {
	every res in [
		{"load": pending, "reason": "", "enrolments": enrolments},
		{"load": pending, "reason": "", "retraction": asked_by("nobody"), "enrolments": enrolments},
	] {
		d := authz.decision with input as {"principal": {"id": "ops-3", "role": "operator"}, "action": "dataset.retract_confirm", "resource": res}
		not d.allow
		codes(d) == {"input.invalid"}
	}
}

test_retraction_needs_a_resource if {
	d := authz.decision with input as {"principal": {"id": "otto", "role": "operator"}, "action": "dataset.retract"}
	not d.allow
	codes(d) == {"input.invalid"}
}
