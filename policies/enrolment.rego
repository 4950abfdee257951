# Package enclave.enrolment keeps duties apart: no one person may both
# make the identities that count toward a four-eyes decision and use them.
# It decides the enrolment of principals whose role counts (principal.approve,
# principal.reject), says which roles those are (approval_roles, which
# token.issue in authz.rego follows), and says which principals are too
# close to count as two pairs of eyes (linked, which governance.rego and
# review.rego ask). Like governance.rego it has no entry point of its own:
# authz.rego takes the grants, denials and input errors of `actions` from
# here.
#
# Enrolment. An operator enrols a principal with its first token
# (token.issue). A principal whose role is in approval_roles is enrolled
# pending: its tokens do not authenticate until a governance officer who did
# not ask for it approves (principal.approve) or refuses it
# (principal.reject, with a written reason). The first officers are
# enrolled at bootstrap, by the database's owner role, without one.
#
# Input contract of principal.approve and principal.reject:
#
#   principal: {id, role}
#   action:    one of `actions`
#   resource:
#     reason:    the officer's note (approve) or reason (reject); "" or
#                absent if none.
#     enrolment: the principal whose enrolment is decided: {id, role,
#                state, enrolled_by}: state is pending, active or refused;
#                enrolled_by is who asked for it, "" at bootstrap.
#
# Four eyes. The resource of project.approve and review.approve carries
# enrolments: {principal id: {enrolled_by, approved_by}}, strings, "" for
# none, for the caller, the requester (the project's creator, the result's
# requester) and every officer who approved so far. Two principals are
# linked when one enrolled, or approved the enrolment of, the other:
# linked principals count as one, so the second of them is refused.
#
# Reason codes (stable: clients and audit records depend on them):
#   grants:  role.permitted         an officer may decide an enrolment
#   denials: role.not_permitted     the role may not perform the action
#            enrolment.not_pending  the enrolment was decided already, or
#                                   never needed a decision
#            enrolment.requester    the officer asked for the enrolment
#            enrolment.self         the officer is the principal enrolled
#            reason.required        a refusal needs a written reason
#   and, from authz.rego, auth.required and input.invalid.
#
# Obligations: {}.
package enclave.enrolment

authenticated := {"researcher", "governance", "auditor", "operator"}

officers := {"governance"}

# approval_roles are the roles that count toward a four-eyes decision:
# officers approve, auditors check them. Enrolling one needs an officer.
approval_roles := {"governance", "auditor"}

actions := {"principal.approve", "principal.reject"}

states := {"pending", "active", "refused"}

reason(code, message) := {"code": code, "message": message}

valid if {
	input.action in actions
	is_string(input.principal.role)
	count(input_errors) == 0
}

role := input.principal.role if valid

action := input.action if valid

enrolment := input.resource.enrolment if valid

permitted if role in officers

grants contains reason("role.permitted", sprintf("role %s may perform %s", [role, action])) if permitted

denials contains reason("role.not_permitted", sprintf("role %s may not perform %s", [role, action])) if {
	role in authenticated
	not permitted
}

denials contains reason("enrolment.not_pending", sprintf("the enrolment is %s: only a pending one is decided", [enrolment.state])) if {
	permitted
	enrolment.state != "pending"
}

denials contains reason("enrolment.requester", "the officer who decides an enrolment must not be the one who asked for it") if {
	permitted
	input.principal.id == enrolment.enrolled_by
}

denials contains reason("enrolment.self", "no one decides their own enrolment") if {
	permitted
	input.principal.id == enrolment.id
}

denials contains reason("reason.required", "refusing an enrolment needs a written reason") if {
	permitted
	action == "principal.reject"
	trim_space(object.get(input.resource, "reason", "")) == ""
}

# linked(e, a, b): in enrolments e, one of a and b enrolled, or approved the
# enrolment of, the other.
linked(e, a, b) if {
	a != b
	b in vouchers(e, a)
}

linked(e, a, b) if {
	a != b
	a in vouchers(e, b)
}

vouchers(e, id) := {v | some v in [e[id].enrolled_by, e[id].approved_by]; v != ""}

# enrolments_errors(resource, ids) says what is wrong with resource's
# enrolments for the principals ids: the service sends them typed
# (enclave.EnrolmentLink), but leaves out a principal it does not know,
# and an empty object altogether.
enrolments_errors(res, ids) := {"resource.enrolments must give {enrolled_by, approved_by}, strings (\"\" for none), for the caller, the requester and every approver" |
	some id in ids
	object.get(res, ["enrolments", id], null) == null
}

# Input validation. The service builds the resource from typed records
# (enclave.EnrolmentResource), so it has every field, each of its JSON
# type; what types cannot promise is checked here. Each message names the
# field, never its value.

input_errors contains "enrolment actions need resource, an object" if {
	input.action in actions
	not is_object(object.get(input, "resource", null))
}

input_errors contains "resource.enrolment must be {id, role, state, enrolled_by}: a principal id, its role, pending, active or refused, and who asked (\"\" at bootstrap)" if {
	input.action in actions
	is_object(input.resource)
	not valid_enrolment(object.get(input.resource, "enrolment", null))
}

valid_enrolment(e) if {
	e.id != ""
	e.role in authenticated
	e.state in states
}
