# Four eyes on a project (package enclave.governance; see governance.rego):
# which officers may approve a submission, whose approvals count, and how
# many it needs.
#
# Reads, for project.approve, resource.settings {approvals_required,
# approvals_required_sensitive}, whole numbers >= 1, the sensitive one not
# below the other; resource.enrolments, who enrolled, and who approved the
# enrolment of, the caller, the project's creator and every officer in
# project.approvals, as enrolment.rego describes; and, from
# resource.project, created_by, lead, members, approvals and sensitive.
#
# Denials:
#   approval.self        the approving officer created the project
#   approval.member      the approving officer is its lead or a member
#   approval.duplicate   the officer already approved this submission
#   approval.enrolment   the officer and the project's creator or an officer
#                        who approved this submission are linked by
#                        enrolment (enrolment.rego): they count as one
#
# Obligations of an allowed approval: approvals_required, approvals_after
# (this one included) and state_after, approved once enough independent
# officers approved, else still submitted.
package enclave.governance

import data.enclave.enrolment

settings := input.resource.settings if {
	valid
	action == "project.approve"
}

denials contains reason("approval.self", "an officer may not approve a project they created") if {
	permitted
	action == "project.approve"
	principal_id == project.created_by
}

denials contains reason("approval.member", "an officer may not approve a project they lead or are a member of") if {
	permitted
	action == "project.approve"
	is_member
}

denials contains reason("approval.duplicate", "this officer has already approved the current submission") if {
	permitted
	action == "project.approve"
	principal_id in project.approvals
}

denials contains reason("approval.enrolment", sprintf("%s and %s are linked by enrolment (one enrolled the other or approved their enrolment), so they count as one pair of eyes", [principal_id, other])) if {
	permitted
	action == "project.approve"
	some other in ({project.created_by} | {id | some id in project.approvals})
	enrolment.linked(input.resource.enrolments, principal_id, other)
}

transition := approval_transition if action == "project.approve"

approval_transition := {
	"approvals_required": approvals_required,
	"approvals_after": approvals_after,
	"state_after": approval_state_after,
}

approvals_required := settings.approvals_required_sensitive if project.sensitive == true

approvals_required := settings.approvals_required if project.sensitive == false

# Earlier approvals count once per officer, and only while that officer is
# still independent of the project: a later membership change cannot carry
# a conflicted approval into the count.
independent_approvals := {id |
	some id in project.approvals
	id != project.created_by
	id != project.lead
	not id in project.members
}

approvals_after := count(independent_approvals) + 1

approval_state_after := "approved" if {
	approvals_after >= approvals_required
} else := "submitted"
