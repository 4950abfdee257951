# Package enclave.retraction decides the retraction of a load
# (docs/ingest.md, "Retract and replace"): who may ask for one, whether a
# second person must confirm it, and who may. A retraction takes the
# load's rows out of its dataset, so answers change: the governance policy,
# not the operator who asks, says how many people must agree. Like
# review.rego it has no entry point of its own: authz.rego takes the
# grants, denials, input errors and obligations of `actions` from here.
#
# Input contract:
#
#   principal: {id, role}
#   action:    dataset.retract (ask, with a reason) or
#              dataset.retract_confirm (the second person agrees)
#   resource:
#     load:       {id, a whole number >= 1; dataset; loaded_by; state:
#                 live, pending (a retraction waits for its confirmation)
#                 or retracted}
#     reason:     dataset.retract: the requester's written reason
#     retraction: dataset.retract_confirm: the retraction asked for,
#                 {requested_by, confirmation_required}
#     enrolments: dataset.retract_confirm: who enrolled, and who approved
#                 the enrolment of, the caller and the requester, as
#                 enrolment.rego describes.
#
# The service builds the resource as enclave.RetractionResource.
#
# Reason codes (stable: clients and audit records depend on them):
#   grants:  role.permitted          the role may retract loads
#   denials: role.not_permitted      the role may not perform the action
#            retraction.reason_required  a retraction needs a written reason
#            retraction.not_live     ask for a load that is retracted, or
#                                    whose retraction waits already
#            retraction.not_pending  confirm a load with no retraction waiting
#            retraction.self         the requester confirms their own
#            retraction.enrolment    an operator confirming is linked by
#                                    enrolment to the requester (one enrolled
#                                    the other): they count as one. Operators
#                                    are enrolled without anyone's approval,
#                                    so one could otherwise enrol a second
#                                    operator to confirm for them; a
#                                    governance officer's enrolment was
#                                    approved by another officer
#                                    (enrolment.rego), so an officer
#                                    counts whoever enrolled them.
#   and, from authz.rego, auth.required and input.invalid.
#
# Obligations of an allowed action:
#   dataset.retract:         confirmation_required (bool) and state_after,
#                            pending when a second person must confirm,
#                            else retracted (the rows leave now);
#   dataset.retract_confirm: state_after, retracted.
package enclave.retraction

import data.enclave.enrolment

authenticated := {"researcher", "governance", "auditor", "operator"}

actions := {"dataset.retract", "dataset.retract_confirm"}

# Operators run the data feeds and ask; governance officers answer for the
# data and may ask too. Either may be the second person.
roles := {
	"dataset.retract": {"operator", "governance"},
	"dataset.retract_confirm": {"operator", "governance"},
}

# second_person_for is the policy's setting: the roles whose requests a
# second person (an operator or a governance officer, never the requester)
# must confirm before any row leaves the dataset. Every retraction changes
# answers researchers have had, so by default no one retracts alone.
second_person_for := {"operator", "governance"}

load_states := {"live", "pending", "retracted"}

reason(code, message) := {"code": code, "message": message}

valid if {
	input.action in actions
	is_string(input.principal.role)
	count(input_errors) == 0
}

role := input.principal.role if valid

action := input.action if valid

load := input.resource.load if valid

retraction := input.resource.retraction if {
	valid
	action == "dataset.retract_confirm"
}

permitted if role in roles[action]

grants contains reason("role.permitted", sprintf("role %s may perform %s", [role, action])) if permitted

denials contains reason("role.not_permitted", sprintf("role %s may not perform %s", [role, action])) if {
	role in authenticated
	not permitted
}

denials contains reason("retraction.reason_required", "a retraction needs a written reason, which the audit log keeps") if {
	permitted
	action == "dataset.retract"
	trim_space(input.resource.reason) == ""
}

denials contains reason("retraction.not_live", sprintf("load %d is %s: only a live load can be retracted", [load.id, state_name[load.state]])) if {
	permitted
	action == "dataset.retract"
	load.state != "live"
}

denials contains reason("retraction.not_pending", sprintf("load %d is %s: only a retraction that waits can be confirmed", [load.id, state_name[load.state]])) if {
	permitted
	action == "dataset.retract_confirm"
	load.state != "pending"
}

denials contains reason("retraction.self", "no one may confirm a retraction they asked for") if {
	permitted
	action == "dataset.retract_confirm"
	input.principal.id == retraction.requested_by
}

denials contains reason("retraction.enrolment", sprintf("%s and %s are linked by enrolment (one enrolled the other or approved their enrolment), so they count as one pair of eyes", [input.principal.id, retraction.requested_by])) if {
	permitted
	action == "dataset.retract_confirm"
	role == "operator"
	enrolment.linked(input.resource.enrolments, input.principal.id, retraction.requested_by)
}

state_name := {"live": "live", "pending": "waiting for its retraction to be confirmed", "retracted": "retracted already"}

allowed if {
	permitted
	count(denials) == 0
}

default obligations := {}

obligations := {"confirmation_required": true, "state_after": "pending"} if {
	allowed
	action == "dataset.retract"
	role in second_person_for
} else := {"confirmation_required": false, "state_after": "retracted"} if {
	allowed
	action == "dataset.retract"
}

obligations := {"state_after": "retracted"} if {
	allowed
	action == "dataset.retract_confirm"
}

# Input validation. Each message names the field, never its value.

resource := object.get(input, "resource", {})

input_errors contains "retraction actions need resource, an object" if {
	input.action in actions
	not is_object(object.get(input, "resource", null))
}

input_errors contains "resource.load must be {id, dataset, loaded_by, state}: a whole number of 1 or more, strings, and live, pending or retracted" if {
	input.action in actions
	is_object(resource)
	not valid_load(object.get(resource, "load", null))
}

valid_load(l) if {
	is_number(l.id)
	l.id >= 1
	l.id == floor(l.id)
	is_string(l.dataset)
	l.dataset != ""
	is_string(l.loaded_by)
	l.state in load_states
}

input_errors contains "dataset.retract needs resource.reason, a string" if {
	input.action == "dataset.retract"
	is_object(resource)
	not is_string(object.get(resource, "reason", null))
}

input_errors contains "dataset.retract_confirm needs resource.retraction: {requested_by, confirmation_required}" if {
	input.action == "dataset.retract_confirm"
	is_object(resource)
	not valid_retraction(object.get(resource, "retraction", null))
}

valid_retraction(r) if {
	is_string(r.requested_by)
	r.requested_by != ""
	is_boolean(r.confirmation_required)
}

input_errors contains msg if {
	input.action == "dataset.retract_confirm"
	valid_retraction(object.get(resource, "retraction", null))
	some msg in enrolment.enrolments_errors(resource, [input.principal.id, resource.retraction.requested_by])
}
