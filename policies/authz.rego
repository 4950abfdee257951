# Package enclave.authz decides whether a principal may perform an action.
#
# Query data.enclave.authz.decision. It is always defined and has the shape
#
#   {"allow": bool, "reasons": [{"code": string, "message": string}], "obligations": {}}
#
# Every decision carries at least one reason: the grants when allowed, every
# denial when denied. Reason codes are stable; clients and audit records
# depend on them.
#
# To add a route, add "METHOD /chi/pattern": <roles> to permissions and the
# same row to expected_permissions in authz_test.rego.
#
# Project actions (project.*) are decided by governance.rego, output
# review (result.release, review.*) by review.rego, enrolment decisions
# (principal.*) by enrolment.rego, retractions of loads (dataset.retract*)
# by retraction.rego, and reads of a principal's questions (query.history)
# by history.rego: they are resource actions whose grants, denials, input
# errors and obligations come from data.enclave.governance,
# data.enclave.review, data.enclave.enrolment, data.enclave.retraction and
# data.enclave.history.
package enclave.authz

import data.enclave.enrolment
import data.enclave.governance
import data.enclave.history
import data.enclave.retraction
import data.enclave.review

authenticated := {"researcher", "governance", "auditor", "operator"}

everyone := authenticated | {"anonymous"}

operators := {"operator"}

auditors := {"auditor"}

officers := {"governance"}

# permissions maps each action whose outcome depends only on the caller's role
# to the roles that may perform it: routes ("METHOD chi-pattern") and domain
# actions. An action missing from this table and from resource_actions is
# denied.
permissions := {
	# Probes, metrics and the API description.
	"GET /livez": everyone,
	"GET /readyz": everyone,
	"GET /metrics": everyone,
	"GET /openapi.json": everyone,
	# Any authenticated caller; the service or a resource action narrows it.
	"GET /v1/whoami": authenticated,
	"GET /v1/tokens": authenticated,
	"DELETE /v1/tokens/{tokenID}": authenticated,
	# Any authenticated caller at the route; token.issue decides whom for.
	"POST /v1/tokens": authenticated,
	# Callers replace the token they call with (renewal).
	"POST /v1/tokens/rotate": authenticated,
	# Revoke every token of a principal: token.revoke decides on the owner.
	"DELETE /v1/principals/{principalID}/tokens": authenticated,
	# Principals and their enrolment: operators enrol, officers decide the
	# enrolments that need one (principal.approve and principal.reject).
	"GET /v1/principals": (operators | officers),
	"POST /v1/principals/{principalID}/approve": officers,
	"POST /v1/principals/{principalID}/reject": officers,
	# The dataset catalogue: declarations only, for those who plan and approve research.
	"GET /v1/catalogue": {"researcher", "governance"},
	# Re-reading the catalogue and mapping files: operators, who run the
	# service (as SIGHUP does).
	"POST /v1/catalogue/reload": operators,
	"token.list_all": operators,
	# The audit log: its public key is public, so anyone can check a
	# checkpoint; only auditors read the log (operators run the service but
	# must not read its record of them). Operators may also ask for a
	# checkpoint to be signed.
	"GET /v1/audit/key": everyone,
	"GET /v1/audit/events": auditors,
	"GET /v1/audit/log": auditors,
	"GET /v1/audit/columns": auditors,
	"GET /v1/audit/summary": auditors,
	"GET /v1/audit/checkpoint": auditors,
	"POST /v1/audit/checkpoints": (auditors | operators),
	"GET /v1/audit/proofs/inclusion": auditors,
	"GET /v1/audit/proofs/consistency": auditors,
	"POST /v1/audit/hmac": auditors,
	# A rollback of the database (docs/operations.md, "Backup and restore"):
	# operators, who restored it, acknowledge it; officers, who then review
	# every answer, lift the hold.
	"POST /v1/audit/rollback/acknowledge": operators,
	"POST /v1/audit/rollback/lift": officers,
	# Research projects. Only officers change projects, so the router stops
	# everyone else before a request is read; the project.* actions in
	# governance.rego then decide on the project itself. Anyone signed in
	# may ask to view one: the policy shows researchers their own only.
	"GET /v1/projects": {"researcher", "governance", "auditor"},
	"POST /v1/projects": officers,
	"GET /v1/projects/{projectID}": authenticated,
	"PATCH /v1/projects/{projectID}": officers,
	"POST /v1/projects/{projectID}/members": officers,
	"DELETE /v1/projects/{projectID}/members/{principalID}": officers,
	"POST /v1/projects/{projectID}/{transition}": officers,
	# The public data use register: approved projects, readable by anyone.
	"GET /v1/register": everyone,
	# Loading data into a dataset: operators, who run the data feeds.
	"POST /v1/datasets/{dataset}/loads": operators,
	"GET /v1/mappings/{mapping}": operators,
	# Loads and their retraction: operators and officers see loads and ask
	# for, or confirm, a retraction; dataset.retract and
	# dataset.retract_confirm (retraction.rego) decide on the load.
	"GET /v1/loads": (operators | officers),
	"GET /v1/loads/{loadID}": (operators | officers),
	"POST /v1/loads/{loadID}/retract": (operators | officers),
	"POST /v1/loads/{loadID}/retract/confirm": (operators | officers),
	# Queries: researchers; project.use decides on the project.
	"POST /v1/projects/{projectID}/queries": {"researcher"},
	"POST /v1/projects/{projectID}/queries/check": {"researcher"},
	# A principal's questions from the audit log: researchers their own,
	# auditors anyone's; query.history (history.rego) decides whose.
	"GET /v1/questions": {"researcher", "auditor"},
	# Opt-out lists: operators load them; those who answer for governance
	# and audit see which versions are current and whether they are stale.
	"GET /v1/optouts": {"operator", "governance", "auditor"},
	"POST /v1/optouts/{list}": operators,
	# Output review: officers review held results; researchers follow
	# their own (review.view decides on the result itself).
	"GET /v1/reviews": {"researcher", "governance"},
	"GET /v1/reviews/{resultID}": {"researcher", "governance"},
	"POST /v1/reviews/{resultID}/approve": officers,
	"POST /v1/reviews/{resultID}/reject": officers,
}

# resource_actions depend on attributes of the resource; each has its own
# rules further down, or in governance.rego for project actions.
resource_actions := (((({"token.revoke", "token.issue"} | governance.actions) | review.actions) | enrolment.actions) | retraction.actions) | history.actions

known_actions := {a | some a, _ in permissions} | resource_actions

public_actions := {a | some a, roles in permissions; "anonymous" in roles}

# obligations are {} except for project and review actions, whose
# obligations governance.rego and review.rego give, and an allowed
# token.issue, whose obligations say how to mint the token (below).
obligations := governance.obligations if {
	action in governance.actions
} else := review.obligations if {
	action in review.actions
} else := retraction.obligations if {
	action in retraction.actions
} else := issue_obligations if {
	action == "token.issue"
	allow
} else := {}

decision := {"allow": false, "reasons": invalid_input_reasons, "obligations": {}} if {
	not valid_input
} else := {"allow": allow, "reasons": reasons, "obligations": obligations}

default allow := false

allow if {
	valid_input
	count(grants) > 0
	count(denials) == 0
}

reasons := [r | some r in grants] if {
	allow
} else := [r | some r in denials]

reason(code, message) := {"code": code, "message": message}

# role and action are defined only for well-formed input, so that no grant or
# denial below can fire on malformed input.
role := input.principal.role if valid_input

action := input.action if valid_input

grants contains reason("role.permitted", sprintf("role %s may perform %s", [role, action])) if {
	role in permissions[action]
}

denials contains reason("action.unknown", sprintf("action %q is not in the policy; unknown actions are denied", [action])) if {
	valid_input
	not action in known_actions
}

denials contains reason("auth.required", sprintf("%s requires an authenticated principal", [action])) if {
	role == "anonymous"
	action in known_actions
	not action in public_actions
}

denials contains reason("role.not_permitted", sprintf("role %s may not perform %s", [role, action])) if {
	role in authenticated
	roles := permissions[action]
	not role in roles
}

# token.revoke: operators revoke any token, every other authenticated principal
# only their own. enclave.Tokens passes the token's owner as resource.owner_id.
grants contains reason("token.operator", "operators may revoke any token") if {
	action == "token.revoke"
	role == "operator"
}

grants contains reason("token.owner", "principals may revoke their own tokens") if {
	action == "token.revoke"
	role in authenticated
	input.principal.id == input.resource.owner_id
}

denials contains reason("token.not_owner", "only the token's owner or an operator may revoke it") if {
	action == "token.revoke"
	role in authenticated
	role != "operator"
	input.principal.id != input.resource.owner_id
}

# token.issue: a principal may mint another token of their own, and an
# operator may enrol a new principal. Nobody, operators included, may mint a
# token for another existing principal: that would let them act as it (an
# auditor reading the log, a governance officer approving). enclave.Tokens
# passes resource.principal_id, resource.principal_exists and resource.role,
# the role asked for.
#
# Obligations of an allowed token.issue:
#   {"mint": "child"}: the token is minted by the caller's own token, its
#     parent: it never outlives it, counts toward the principal's bound of
#     live minted tokens, and is revoked with it (docs/governance.md);
#   {"mint": "enrol", "approval_required": bool}: the first token of a new
#     principal, enrolled pending a governance officer's approval
#     (enrolment.rego) when its role counts toward four eyes.
grants contains reason("token.enrol", "operators may enrol a new principal") if {
	action == "token.issue"
	role == "operator"
	input.resource.principal_exists == false
}

grants contains reason("token.self", "principals may be issued another token of their own") if {
	action == "token.issue"
	role in authenticated
	input.principal.id == input.resource.principal_id
}

denials contains reason("token.existing_principal", "only the principal themselves may be issued another token; operators enrol new principals only") if {
	action == "token.issue"
	role in authenticated
	input.principal.id != input.resource.principal_id
	input.resource.principal_exists == true
}

issue_obligations := {"mint": "child"} if {
	input.principal.id == input.resource.principal_id
} else := {"mint": "enrol", "approval_required": input.resource.role in enrolment.approval_roles}

denials contains reason("role.not_permitted", sprintf("role %s may not enrol a new principal", [role])) if {
	action == "token.issue"
	role in authenticated
	role != "operator"
	input.principal.id != input.resource.principal_id
	input.resource.principal_exists == false
}

# Project actions: governance.rego decides.
grants contains r if {
	action in governance.actions
	some r in governance.grants
}

denials contains r if {
	action in governance.actions
	some r in governance.denials
}

# Output review: review.rego decides.
grants contains r if {
	action in review.actions
	some r in review.grants
}

denials contains r if {
	action in review.actions
	some r in review.denials
}

# Enrolment decisions: enrolment.rego decides.
grants contains r if {
	action in enrolment.actions
	some r in enrolment.grants
}

denials contains r if {
	action in enrolment.actions
	some r in enrolment.denials
}

# Retractions of loads: retraction.rego decides.
grants contains r if {
	action in retraction.actions
	some r in retraction.grants
}

denials contains r if {
	action in retraction.actions
	some r in retraction.denials
}

# Reads of a principal's questions: history.rego decides.
grants contains r if {
	action in history.actions
	some r in history.grants
}

denials contains r if {
	action in history.actions
	some r in history.denials
}

# Input validation. Each message says what is wrong without repeating the
# offending value.
#
# Beware: OPA hoists refs out of negated calls, so `not is_string(input.x)`
# is undefined, not true, when input.x is missing. Negate a rule instead, as
# below (open-policy-agent/opa#1877).
valid_input if count(input_errors) == 0

invalid_input_reasons := [reason("input.invalid", msg) | some msg in input_errors]

input_errors contains "principal must be an object" if not principal_is_object

input_errors contains "principal.role must be a string" if {
	principal_is_object
	not role_is_string
}

input_errors contains "principal.role must be researcher, governance, auditor, operator or anonymous" if {
	role_is_string
	not input.principal.role in everyone
}

input_errors contains "an authenticated principal must have an id" if {
	input.principal.role in authenticated
	not has_id
}

input_errors contains "an anonymous principal must not have an id" if {
	input.principal.role == "anonymous"
	"id" in object.keys(input.principal)
}

input_errors contains "action must be a non-empty string" if not has_action

input_errors contains "resource must be an object" if {
	resource := input.resource
	not is_object(resource)
}

input_errors contains msg if {
	input.action in governance.actions
	some msg in governance.input_errors
}

input_errors contains msg if {
	input.action in review.actions
	some msg in review.input_errors
}

input_errors contains msg if {
	input.action in enrolment.actions
	some msg in enrolment.input_errors
}

input_errors contains msg if {
	input.action in retraction.actions
	some msg in retraction.input_errors
}

input_errors contains msg if {
	input.action in history.actions
	some msg in history.input_errors
}

input_errors contains "token.issue needs resource.principal_id, resource.principal_exists and resource.role" if {
	input.action == "token.issue"
	not has_issue_resource
}

has_issue_resource if {
	non_empty_string(input.resource.principal_id)
	is_boolean(input.resource.principal_exists)
	input.resource.role in authenticated
}

input_errors contains "token.revoke needs resource.owner_id" if {
	input.action == "token.revoke"
	not has_owner
}

principal_is_object if is_object(input.principal)

role_is_string if is_string(input.principal.role)

has_id if non_empty_string(input.principal.id)

has_action if non_empty_string(input.action)

has_owner if non_empty_string(input.resource.owner_id)

non_empty_string(x) if {
	is_string(x)
	x != ""
}
