package enclave.authz_test

import data.enclave.authz

roles := ["anonymous", "researcher", "governance", "auditor", "operator"]

everyone := {"anonymous", "researcher", "governance", "auditor", "operator"}

authenticated := {"researcher", "governance", "auditor", "operator"}

# expected_permissions is the permission table as the specification states
# it, written out again: a change to the table in authz.rego has to be made
# here as well, and every row is checked against every role.
expected_permissions := {
	"GET /livez": everyone,
	"GET /readyz": everyone,
	"GET /metrics": everyone,
	"GET /openapi.json": everyone,
	"GET /v1/whoami": authenticated,
	"GET /v1/tokens": authenticated,
	"DELETE /v1/tokens/{tokenID}": authenticated,
	"POST /v1/tokens": authenticated,
	"POST /v1/tokens/rotate": authenticated,
	"DELETE /v1/principals/{principalID}/tokens": authenticated,
	"GET /v1/principals": {"operator", "governance"},
	"POST /v1/principals/{principalID}/approve": {"governance"},
	"POST /v1/principals/{principalID}/reject": {"governance"},
	"GET /v1/catalogue": {"researcher", "governance"},
	"POST /v1/catalogue/reload": {"operator"},
	"token.list_all": {"operator"},
	"GET /v1/audit/key": everyone,
	"GET /v1/audit/events": {"auditor"},
	"GET /v1/audit/log": {"auditor"},
	"GET /v1/audit/columns": {"auditor"},
	"GET /v1/audit/summary": {"auditor"},
	"GET /v1/audit/checkpoint": {"auditor"},
	"POST /v1/audit/checkpoints": {"auditor", "operator"},
	"GET /v1/audit/proofs/inclusion": {"auditor"},
	"GET /v1/audit/proofs/consistency": {"auditor"},
	"POST /v1/audit/hmac": {"auditor"},
	"POST /v1/audit/rollback/acknowledge": {"operator"},
	"POST /v1/audit/rollback/lift": {"governance"},
	"GET /v1/projects": {"researcher", "governance", "auditor"},
	"POST /v1/projects": {"governance"},
	"GET /v1/projects/{projectID}": authenticated,
	"PATCH /v1/projects/{projectID}": {"governance"},
	"POST /v1/projects/{projectID}/members": {"governance"},
	"DELETE /v1/projects/{projectID}/members/{principalID}": {"governance"},
	"POST /v1/projects/{projectID}/{transition}": {"governance"},
	"GET /v1/register": everyone,
	"POST /v1/datasets/{dataset}/loads": {"operator"},
	"GET /v1/mappings/{mapping}": {"operator"},
	"GET /v1/loads": {"operator", "governance"},
	"GET /v1/loads/{loadID}": {"operator", "governance"},
	"POST /v1/loads/{loadID}/retract": {"operator", "governance"},
	"POST /v1/loads/{loadID}/retract/confirm": {"operator", "governance"},
	"POST /v1/projects/{projectID}/queries": {"researcher"},
	"POST /v1/projects/{projectID}/queries/check": {"researcher"},
	"GET /v1/questions": {"researcher", "auditor"},
	"GET /v1/optouts": {"operator", "governance", "auditor"},
	"POST /v1/optouts/{list}": {"operator"},
	"GET /v1/reviews": {"researcher", "governance"},
	"GET /v1/reviews/{resultID}": {"researcher", "governance"},
	"POST /v1/reviews/{resultID}/approve": {"governance"},
	"POST /v1/reviews/{resultID}/reject": {"governance"},
}

principal("anonymous") := {"role": "anonymous"}

principal(role) := {"id": concat("-", [role, "1"]), "role": role} if role != "anonymous"

decide(principal, action) := d if {
	d := authz.decision with input as {"principal": principal, "action": action}
}

revoke(principal, owner) := d if {
	d := authz.decision with input as {
		"principal": principal,
		"action": "token.revoke",
		"resource": {"owner_id": owner},
	}
}

codes(d) := [r.code | some r in d.reasons]

test_permission_table_is_the_specified_one if {
	authz.permissions == expected_permissions
}

# Every action in the table, as every role.
test_route_matrix[name] if {
	some action, allowed in expected_permissions
	some role in roles
	name := sprintf("%s as %s", [action, role])

	want_allow := role in allowed
	d := decide(principal(role), action)
	d.allow == want_allow
	codes(d) == expected_codes(role, allowed)
	d.obligations == {}
}

expected_codes(role, allowed) := ["role.permitted"] if role in allowed

expected_codes(role, allowed) := ["auth.required"] if {
	not role in allowed
	role == "anonymous"
}

expected_codes(role, allowed) := ["role.not_permitted"] if {
	not role in allowed
	role != "anonymous"
}

test_role_not_permitted_names_role_and_action if {
	d := decide(principal("researcher"), "GET /v1/principals")
	[r] := d.reasons
	r.code == "role.not_permitted"
	contains(r.message, "researcher")
	contains(r.message, "GET /v1/principals")
}

test_auth_required_names_action if {
	d := decide(principal("anonymous"), "POST /v1/tokens")
	[r] := d.reasons
	r.code == "auth.required"
	contains(r.message, "POST /v1/tokens")
}

# Actions are matched exactly: no prefixes, case folding or trailing slashes.
test_unknown_action[name] if {
	some action in ["GET /v1/secrets", "get /livez", "GET /livez/", "GET /v1/tokens/{tokenID}", "token.delete"]
	some role in roles
	name := sprintf("%s as %s", [action, role])

	d := decide(principal(role), action)
	d.allow == false
	codes(d) == ["action.unknown"]
}

test_revoke_own_token[role] if {
	some role in authenticated
	p := principal(role)

	d := revoke(p, p.id)
	d.allow == true
	"token.owner" in codes(d)
}

test_revoke_other_token_denied[role] if {
	some role in (authenticated - {"operator"})

	d := revoke(principal(role), "someone-else")
	d.allow == false
	codes(d) == ["token.not_owner"]
}

test_operator_revokes_any_token if {
	d := revoke(principal("operator"), "someone-else")
	d.allow == true
	codes(d) == ["token.operator"]
}

test_operator_revokes_own_token_with_both_grants if {
	d := revoke(principal("operator"), "operator-1")
	d.allow == true
	codes(d) == ["token.operator", "token.owner"]
}

test_anonymous_revoke_needs_auth if {
	d := revoke(principal("anonymous"), "someone-else")
	d.allow == false
	codes(d) == ["auth.required"]
}

# Malformed input is denied with input.invalid only, before any table lookup.
test_malformed_input[name] if {
	some name, bad in {
		"no input": {},
		"input not an object": "GET /livez",
		"no principal": {"action": "GET /livez"},
		"principal not an object": {"principal": "alice", "action": "GET /livez"},
		"no role": {"principal": {"id": "alice"}, "action": "GET /livez"},
		"role not a string": {"principal": {"id": "alice", "role": 1}, "action": "GET /livez"},
		"unknown role": {"principal": {"id": "alice", "role": "admin"}, "action": "GET /livez"},
		"authenticated without id": {"principal": {"role": "operator"}, "action": "GET /livez"},
		"empty id": {"principal": {"id": "", "role": "operator"}, "action": "GET /livez"},
		"id not a string": {"principal": {"id": 7, "role": "operator"}, "action": "GET /livez"},
		"anonymous with id": {"principal": {"id": "alice", "role": "anonymous"}, "action": "GET /livez"},
		"no action": {"principal": {"role": "anonymous"}},
		"action not a string": {"principal": {"role": "anonymous"}, "action": ["GET", "/livez"]},
		"empty action": {"principal": {"role": "anonymous"}, "action": ""},
		"resource not an object": {"principal": {"role": "anonymous"}, "action": "GET /livez", "resource": "x"},
		"revoke without resource": {"principal": {"id": "alice", "role": "operator"}, "action": "token.revoke"},
		"revoke without owner": {"principal": {"id": "alice", "role": "operator"}, "action": "token.revoke", "resource": {}},
		"revoke owner not a string": {"principal": {"id": "alice", "role": "researcher"}, "action": "token.revoke", "resource": {"owner_id": 1}},
	}

	d := authz.decision with input as bad
	d.allow == false
	count(d.reasons) > 0
	{c | some c in codes(d)} == {"input.invalid"}
	d.obligations == {}
	not authz.allow with input as bad
}

test_every_reason_has_a_message if {
	inputs := [
		{"principal": principal("researcher"), "action": "GET /v1/whoami"},
		{"principal": principal("researcher"), "action": "POST /v1/tokens"},
		{"principal": principal("anonymous"), "action": "POST /v1/tokens"},
		{"principal": principal("auditor"), "action": "GET /nope"},
		{"principal": principal("auditor"), "action": "token.revoke", "resource": {"owner_id": "x"}},
		{"principal": {}, "action": 1},
	]
	every x in inputs {
		d := authz.decision with input as x
		every r in d.reasons {
			is_string(r.message)
			r.message != ""
		}
	}
}

issue(principal, target, exists, role) := d if {
	d := authz.decision with input as {
		"principal": principal,
		"action": "token.issue",
		"resource": {"principal_id": target, "principal_exists": exists, "role": role},
	}
}

# An operator enrols principals whose role counts toward four eyes pending
# an officer's approval, and mints nothing for anyone else who exists; a
# principal's own tokens are children of the token it calls with.
test_issue_cases[name] if {
	some name, c in {
		"operator enrols a researcher": {"who": "operator", "target": "new-1", "exists": false, "role": "researcher", "allow": true, "codes": {"token.enrol"}, "obligations": {"mint": "enrol", "approval_required": false}},
		"operator enrols an operator": {"who": "operator", "target": "new-1", "exists": false, "role": "operator", "allow": true, "codes": {"token.enrol"}, "obligations": {"mint": "enrol", "approval_required": false}},
		"operator enrols an officer": {"who": "operator", "target": "new-1", "exists": false, "role": "governance", "allow": true, "codes": {"token.enrol"}, "obligations": {"mint": "enrol", "approval_required": true}},
		"operator enrols an auditor": {"who": "operator", "target": "new-1", "exists": false, "role": "auditor", "allow": true, "codes": {"token.enrol"}, "obligations": {"mint": "enrol", "approval_required": true}},
		"operator mints its own": {"who": "operator", "target": "operator-1", "exists": true, "role": "operator", "allow": true, "codes": {"token.self"}, "obligations": {"mint": "child"}},
		"operator mints for an existing auditor": {"who": "operator", "target": "aldo", "exists": true, "role": "auditor", "allow": false, "codes": {"token.existing_principal"}, "obligations": {}},
		"researcher mints its own": {"who": "researcher", "target": "researcher-1", "exists": true, "role": "researcher", "allow": true, "codes": {"token.self"}, "obligations": {"mint": "child"}},
		"officer mints its own": {"who": "governance", "target": "governance-1", "exists": true, "role": "governance", "allow": true, "codes": {"token.self"}, "obligations": {"mint": "child"}},
		"researcher enrols someone": {"who": "researcher", "target": "new-1", "exists": false, "role": "researcher", "allow": false, "codes": {"role.not_permitted"}, "obligations": {}},
		"officer enrols an officer": {"who": "governance", "target": "new-1", "exists": false, "role": "governance", "allow": false, "codes": {"role.not_permitted"}, "obligations": {}},
		"auditor mints for another": {"who": "auditor", "target": "gina", "exists": true, "role": "governance", "allow": false, "codes": {"token.existing_principal"}, "obligations": {}},
		"anonymous": {"who": "anonymous", "target": "new-1", "exists": false, "role": "researcher", "allow": false, "codes": {"auth.required"}, "obligations": {}},
	}
	d := issue(principal(c.who), c.target, c.exists, c.role)
	d.allow == c.allow
	{r.code | some r in d.reasons} == c.codes
	d.obligations == c.obligations
}

test_issue_needs_resource[name] if {
	some name, res in {
		"no role": {"principal_id": "x", "principal_exists": false},
		"no principal_exists": {"principal_id": "x", "role": "researcher"},
		"unknown role": {"principal_id": "x", "principal_exists": false, "role": "anonymous"},
	}
	d := authz.decision with input as {"principal": principal("operator"), "action": "token.issue", "resource": res}
	not d.allow
	{r.code | some r in d.reasons} == {"input.invalid"}
}
