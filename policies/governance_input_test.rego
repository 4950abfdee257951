# Tests of governance_input.rego: input the types cannot rule out is
# denied with input.invalid only, whoever asks.
package enclave.governance_test

import data.enclave.authz
import data.enclave.governance

test_four_eyes_needs_every_enrolment if {
	enrolments := {"governance-1": {"enrolled_by": "", "approved_by": ""}, "creator-1": {"enrolled_by": "", "approved_by": ""}}
	project := object.union(submitted_project, {"approvals": ["governance-2"]})
	x := {"principal": officer("governance-1"), "action": "project.approve", "resource": {"now": now, "settings": settings, "project": project, "enrolments": enrolments}}
	d := authz.decision with input as x
	codes(d) == ["input.invalid"]
	[r] := d.reasons
	contains(r.message, "resource.enrolments")
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

test_optout_lists_are_required_for_use if {
	resource := object.remove(resource_for("project.use", "active"), {"optout_lists"})
	d := decide(principal("researcher"), "project.use", resource)
	codes(d) == ["input.invalid"]
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
