# Tests of enrolment.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it, and of its four-eyes
# link on its own.
package enclave.enrolment_test

import data.enclave.authz
import data.enclave.enrolment

roles := ["anonymous", "researcher", "governance", "auditor", "operator"]

principal("anonymous") := {"role": "anonymous"}

principal(role) := {"id": concat("-", [role, "1"]), "role": role} if role != "anonymous"

# pending is an officer's enrolment asked for by operator-1.
pending := {"id": "new-officer", "role": "governance", "state": "pending", "enrolled_by": "operator-1"}

decide(p, action, enrolment, reason) := d if {
	d := authz.decision with input as {
		"principal": p, "action": action,
		"resource": {"reason": reason, "enrolment": enrolment},
	}
}

codes(d) := {r.code | some r in d.reasons}

test_actions_are_the_specified_ones if {
	enrolment.actions == {"principal.approve", "principal.reject"}
	enrolment.approval_roles == {"governance", "auditor"}
}

# Only governance officers decide enrolments.
test_role_gates[name] if {
	some action in enrolment.actions
	some role in roles
	name := sprintf("%s as %s", [action, role])
	d := decide(principal(role), action, pending, "known to the data governance board")
	may := role == "governance"
	d.allow == may
	codes(d) == expected_gate(role)
	d.obligations == {}
}

expected_gate("governance") := {"role.permitted"}

expected_gate("anonymous") := {"auth.required"}

expected_gate(role) := {"role.not_permitted"} if not role in {"governance", "anonymous"}

test_decisions[name] if {
	some name, c in {
		"approve a pending officer": {"action": "principal.approve", "enrolment": pending, "reason": "", "allow": true, "codes": {"role.permitted"}},
		"approve a pending auditor": {"action": "principal.approve", "enrolment": object.union(pending, {"role": "auditor"}), "reason": "", "allow": true, "codes": {"role.permitted"}},
		"refuse with a reason": {"action": "principal.reject", "enrolment": pending, "reason": "not known to the board", "allow": true, "codes": {"role.permitted"}},
		"refuse without a reason": {"action": "principal.reject", "enrolment": pending, "reason": " ", "allow": false, "codes": {"reason.required"}},
		"approve an active principal": {"action": "principal.approve", "enrolment": object.union(pending, {"state": "active"}), "reason": "", "allow": false, "codes": {"enrolment.not_pending"}},
		"approve a refused principal": {"action": "principal.approve", "enrolment": object.union(pending, {"state": "refused"}), "reason": "", "allow": false, "codes": {"enrolment.not_pending"}},
		"the officer asked for it": {"action": "principal.approve", "enrolment": object.union(pending, {"enrolled_by": "governance-1"}), "reason": "", "allow": false, "codes": {"enrolment.requester"}},
		"the officer's own enrolment": {"action": "principal.approve", "enrolment": object.union(pending, {"id": "governance-1"}), "reason": "", "allow": false, "codes": {"enrolment.self"}},
	}
	d := decide(principal("governance"), c.action, c.enrolment, c.reason)
	d.allow == c.allow
	codes(d) == c.codes
}

test_messages_say_why if {
	d := decide(principal("governance"), "principal.approve", object.union(pending, {"state": "refused"}), "")
	[r] := d.reasons
	contains(r.message, "refused")
}

test_malformed_input[name] if {
	some name, resource in {
		"no resource": null,
		"no enrolment": {"reason": ""},
		"enrolment not an object": {"enrolment": "new-officer"},
		"empty id": {"enrolment": object.union(pending, {"id": ""})},
		"unknown role": {"enrolment": object.union(pending, {"role": "admin"})},
		"unknown state": {"enrolment": object.union(pending, {"state": "approved"})},
	}
	some role in ["governance", "operator"]
	d := authz.decision with input as {"principal": principal(role), "action": "principal.approve", "resource": resource}
	d.allow == false
	codes(d) == {"input.invalid"}
}

# Two principals are linked when one enrolled, or approved the enrolment
# of, the other, either way round; nobody is linked to themselves, and
# sharing an enroller or approver is no link.
links := {
	"gov-a": {"enrolled_by": "", "approved_by": ""},
	"gov-b": {"enrolled_by": "operator-1", "approved_by": "gov-a"},
	"gov-c": {"enrolled_by": "operator-1", "approved_by": "gov-a"},
	"aud-1": {"enrolled_by": "gov-c", "approved_by": "gov-a"},
}

test_linked[name] if {
	some name, c in {
		"approved the other": {"a": "gov-a", "b": "gov-b", "linked": true},
		"approved by the other": {"a": "gov-b", "b": "gov-a", "linked": true},
		"enrolled the other": {"a": "gov-c", "b": "aud-1", "linked": true},
		"enrolled by the other": {"a": "aud-1", "b": "gov-c", "linked": true},
		"same approver": {"a": "gov-b", "b": "gov-c", "linked": false},
		"oneself": {"a": "gov-a", "b": "gov-a", "linked": false},
		"unknown principal": {"a": "gov-x", "b": "gov-b", "linked": false},
	}
	is_linked(c.a, c.b) == c.linked
}

is_linked(a, b) if enrolment.linked(links, a, b)

else := false

test_enrolments_errors[name] if {
	some name, c in {
		"complete": {"resource": {"enrolments": links}, "ids": ["gov-a", "gov-b"], "errors": 0},
		"missing": {"resource": {}, "ids": ["gov-a"], "errors": 1},
		"not an object": {"resource": {"enrolments": ["gov-a"]}, "ids": ["gov-a"], "errors": 1},
		"a principal left out": {"resource": {"enrolments": links}, "ids": ["gov-a", "gov-z"], "errors": 1},
	}
	count(enrolment.enrolments_errors(c.resource, c.ids)) == c.errors
}
