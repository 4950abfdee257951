# Tests of history.rego, through the single entry point
# data.enclave.authz.decision, as the service calls it.
package enclave.history_test

import data.enclave.authz

history(who, role, whose) := d if {
	d := authz.decision with input as {
		"principal": {"id": who, "role": role},
		"action": "query.history",
		"resource": {"principal_id": whose},
	}
}

codes(d) := {r.code | some r in d.reasons}

test_history_cases[name] if {
	some name, c in {
		"a researcher reads their own": {"who": "researcher-1", "role": "researcher", "whose": "researcher-1", "allow": true, "codes": {"history.own"}},
		"a researcher reads another's": {"who": "researcher-1", "role": "researcher", "whose": "researcher-2", "allow": false, "codes": {"history.not_own"}},
		"an auditor reads a researcher's": {"who": "aud-1", "role": "auditor", "whose": "researcher-1", "allow": true, "codes": {"history.auditor"}},
		"an auditor reads their own": {"who": "aud-1", "role": "auditor", "whose": "aud-1", "allow": true, "codes": {"history.auditor"}},
		"an officer reads a researcher's": {"who": "gov-a", "role": "governance", "whose": "researcher-1", "allow": false, "codes": {"role.not_permitted"}},
		"an officer reads their own": {"who": "gov-a", "role": "governance", "whose": "gov-a", "allow": false, "codes": {"role.not_permitted"}},
		"an operator reads a researcher's": {"who": "otto", "role": "operator", "whose": "researcher-1", "allow": false, "codes": {"role.not_permitted"}},
	}
	d := history(c.who, c.role, c.whose)
	d.allow == c.allow
	codes(d) == c.codes
	d.obligations == {}
}

test_anonymous_needs_auth if {
	d := authz.decision with input as {"principal": {"role": "anonymous"}, "action": "query.history", "resource": {"principal_id": "researcher-1"}}
	not d.allow
	codes(d) == {"auth.required"}
}

test_history_needs_principal[name] if {
	some name, res in {
		"no resource": null,
		"no principal_id": {},
		"empty principal_id": {"principal_id": ""},
		"principal_id not a string": {"principal_id": 7},
	}
	x := object.union({"principal": {"id": "researcher-1", "role": "researcher"}, "action": "query.history"}, resource_of(res))
	d := authz.decision with input as x
	not d.allow
	codes(d) == {"input.invalid"}
	some r in d.reasons
	contains(r.message, "resource.principal_id")
}

resource_of(null) := {}

resource_of(res) := {"resource": res} if res != null
