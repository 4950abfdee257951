# Package enclave.history decides who may read a principal's questions as
# the audit log recorded them (query.history): the queries they ran,
# checked, had held or had refused, with when, on which project and how
# each ended, never a result. A researcher reads their own; an auditor
# anyone's, which their search of the log already shows them. Officers and
# operators read none: a researcher's questions across every project are a
# record of their work for audit, not for those who approve or run it.
# Like retraction.rego it has no entry point of its own: authz.rego takes
# the grants, denials and input errors of `actions` from here.
#
# Input contract:
#
#   principal: {id, role}
#   action:    query.history
#   resource:  {principal_id}: whose questions are read
#
# The service builds the resource as enclave.HistoryResource.
#
# Reason codes (stable: clients and audit records depend on them):
#   grants:  history.own          a researcher reads their own questions
#            history.auditor      an auditor reads anyone's
#   denials: history.not_own      a researcher asks for another's
#            role.not_permitted   officers and operators read none
#   and, from authz.rego, auth.required and input.invalid.
#
# There are no obligations.
package enclave.history

actions := {"query.history"}

reason(code, message) := {"code": code, "message": message}

valid if {
	input.action in actions
	is_string(input.principal.role)
	count(input_errors) == 0
}

role := input.principal.role if valid

own if input.principal.id == input.resource.principal_id

grants contains reason("history.own", "researchers may read their own questions") if {
	role == "researcher"
	own
}

grants contains reason("history.auditor", "auditors may read anyone's questions, as they may search the audit log") if {
	role == "auditor"
}

denials contains reason("history.not_own", "a researcher may read only their own questions") if {
	role == "researcher"
	not own
}

denials contains reason("role.not_permitted", sprintf("role %s may not read anyone's questions", [role])) if {
	role in {"governance", "operator"}
}

# Input validation. The message names the field, never its value.

input_errors contains "query.history needs resource.principal_id, a non-empty string" if {
	input.action in actions
	not valid_resource
}

valid_resource if {
	is_string(input.resource.principal_id)
	input.resource.principal_id != ""
}
