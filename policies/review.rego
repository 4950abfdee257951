# Package enclave.review decides output review, the four eyes on results
# the automatic rules cannot decide alone: whether an answer that passed
# disclosure control is released at once or held for governance officers
# (result.release), and who may see, approve and reject a held result
# (review.view, review.approve, review.reject). Like governance.rego it has
# no entry point of its own: authz.rego takes the grants, denials, input
# errors and obligations of every action in `actions` from here.
#
# Input contract:
#
#   principal: {id, role}
#   action:    one of `actions` below
#   resource of result.release, asked for the researcher whose answer it is,
#   after disclosure control and before anything is released:
#     release: {datasets: {dataset: bool}, every dataset the query uses,
#                 true when the catalogue marks it for review;
#               output_review: bool, the project's own setting;
#               near_misses: whole number >= 0, the answer's cells that
#                 came within reach of the differencing limit;
#               repeats: whole number >= 0, the earlier results, held for
#                 review or rejected, that the answer repeats: the same
#                 question on the project, or cells with exactly the
#                 people of theirs, which were never given out;
#               rollback: bool, true while an acknowledged rollback of the
#                 database is held (its differencing ledger forgot cells
#                 released since the backup restored)}
#   resource of review.view, review.approve and review.reject:
#     now:      RFC 3339 timestamp in UTC: the service's injected clock.
#     reason:   the officer's written reason (reject) or note (approve);
#               "" or absent if none.
#     result:   the held result {id, requester, state, approvals}: state is
#               held, released or rejected; approvals are the ids of the
#               officers who approved it so far.
#     project:  the result's project, as governance.rego's contract
#               describes resource.project.
#     settings: review.approve only: {approvals_required}, a whole number
#               >= 1 (ENCLAVE_REVIEW_APPROVALS_REQUIRED).
#     held_on:  review.approve only: what the answer was computed on, as
#               kept with the held result: {project_submission, a whole
#               number >= 0, the project's submission (its approved
#               version) then; catalogue_revision, a non-empty string, as
#               in the manifest; optout_lists: {list: version}, every
#               opt-out list the answer applied and the version applied,
#               a whole number >= 1, as in the manifest; data_revisions:
#               {dataset: revision}, the data revision of each dataset the
#               answer read, as in the manifest, or null for a result held
#               before answers recorded them}.
#     enrolments: review.approve only: who enrolled, and who approved the
#               enrolment of, the caller, the requester and every officer in
#               result.approvals, as enrolment.rego describes.
#     current:  review.approve only: the same now: {project_submission,
#               catalogue_revision, optout_lists: {list: {version, state}},
#               each list's current version (0 if none) and its state:
#               ready, missing, stale or key_mismatch, as project.use gets
#               them; a list left out counts as missing; data_revisions:
#               {dataset: revision}, each dataset's data revision now at the
#               catalogue version the answer read}.
#
# The service builds the resources as enclave.ReleaseResource and
# enclave.ReviewResource, whose types give each record every field and each
# field its JSON type; a record the action needs but lacks, or a value
# outside its domain, is denied with input.invalid.
#
# Decisions. result.release is for researchers only. Allowed
# (release.automatic), the answer is released now; denied with one or more
# of the review.* codes below, it is held for review. review.view is for
# officers (any result) and for the researcher who asked for it while they
# lead or belong to its project: another researcher is denied with
# review.not_requester only, a requester who has left with
# review.requester_left only, and the service answers both as "not found".
# review.approve and review.reject are for officers only.
#
# Reason codes (stable: clients and audit records depend on them):
#   grants:  role.permitted          an officer may review any result
#            release.automatic       nothing calls for review: release now
#            review.requester        the researcher who asked for the result
#   denials: role.not_permitted      the role may not perform the action
#            review.dataset          result.release: a dataset used is marked for review
#            review.project          result.release: the project has every result reviewed
#            review.near_miss        result.release: more differencing near misses
#                                    than near_miss_tolerance
#            review.repeat           result.release: the answer repeats results held
#                                    for review or rejected; asking again never
#                                    undoes a hold
#            review.rollback         result.release: the database was restored to an
#                                    earlier point, and its differencing ledger forgot
#                                    cells released since: every answer is held until a
#                                    governance officer lifts the hold
#            review.not_requester    review.view: a researcher who did not ask for it
#            review.requester_left   the requester no longer leads or belongs to
#                                    the project: not shown to them, never released
#            review.self             the reviewer asked for the result
#            review.not_held         approve or reject a result no longer held
#            review.already_approved the officer approved this result already
#            review.enrolment        the officer and the requester or an officer who
#                                    approved the result are linked by enrolment
#                                    (enrolment.rego): they count as one
#            review.reason_required  a rejection needs a written reason
#            project.not_active      approve while the project is not active
#                                    (its effective state, as governance_state.rego derives it)
#            review.stale            approve a result whose grounds changed since it was
#                                    held, one reason for each change: an opt-out list it
#                                    applied has a newer version or is no longer ready, the
#                                    project has changed (another submission), the
#                                    catalogue has (another revision), or a dataset it
#                                    read has (a load added or retracted), or the result
#                                    does not record its datasets' revisions. It can
#                                    still be rejected, and the researcher asks again
#   and, from authz.rego, auth.required and input.invalid.
#
# Obligations, {} unless stated:
#   result.release, past the role gate: outcome, "release" when allowed,
#     "review" when held.
#   review.view, allowed: show_result, whether the caller may see the
#     released values, the manifest and the summary of the cells: officers
#     always (they judge exactly what would be released); the requester
#     once the result is released and while the project is active.
#   review.approve, allowed: approvals_required, approvals_after (this one
#     included) and state_after, released once enough officers approved,
#     else held.
#   review.reject, allowed: state_after, rejected.
package enclave.review

import data.enclave.enrolment
import data.enclave.governance

authenticated := {"researcher", "governance", "auditor", "operator"}

officers := {"governance"}

actions := {"result.release", "review.view", "review.approve", "review.reject"}

# roles maps each action to the roles that may ask for it at all.
roles := {
	"result.release": {"researcher"},
	"review.view": {"researcher", "governance"},
	"review.approve": officers,
	"review.reject": officers,
}

review_actions := actions - {"result.release"}

verdicts := {"review.approve", "review.reject"}

result_states := {"held", "released", "rejected"}

# near_miss_tolerance is the policy's setting for differencing near misses:
# an answer with more than this many is held for review.
near_miss_tolerance := 0

reason(code, message) := {"code": code, "message": message}

valid if {
	input.action in actions
	is_string(input.principal.role)
	count(input_errors) == 0
}

role := input.principal.role if valid

action := input.action if valid

principal_id := input.principal.id if valid

release := input.resource.release if {
	valid
	action == "result.release"
}

result := input.resource.result if {
	valid
	action in review_actions
}

project := input.resource.project if {
	valid
	action in review_actions
}

held_on := input.resource.held_on if {
	valid
	action == "review.approve"
}

current := input.resource.current if {
	valid
	action == "review.approve"
}

project_state := governance.state_on(project, substring(input.resource.now, 0, 10))

# Gates: the role, then, for a researcher, whose result it is.

role_may_act if role in roles[action]

is_requester if principal_id == result.requester

requester_in_project if result.requester == project.lead

requester_in_project if result.requester in project.members

permitted if {
	role_may_act
	role in officers
}

permitted if {
	role_may_act
	action == "result.release"
}

permitted if {
	role == "researcher"
	action == "review.view"
	is_requester
	requester_in_project
}

allowed if {
	permitted
	count(denials) == 0
}

grants contains reason("role.permitted", sprintf("role %s may perform %s", [role, action])) if {
	role_may_act
	role in officers
}

grants contains reason("release.automatic", "nothing calls for review: disclosure control is enough for this result") if {
	permitted
	action == "result.release"
}

grants contains reason("review.requester", "the researcher who asked for a result may follow it while in its project") if {
	permitted
	role == "researcher"
	action == "review.view"
}

denials contains reason("role.not_permitted", sprintf("role %s may not perform %s", [role, action])) if {
	role in authenticated
	not role_may_act
}

denials contains reason("review.not_requester", "only the researcher who asked for a result, and governance officers, may see it") if {
	role == "researcher"
	action == "review.view"
	not is_requester
}

denials contains reason("review.requester_left", "you are no longer in the result's project") if {
	role == "researcher"
	action == "review.view"
	is_requester
	not requester_in_project
}

# What holds an answer for review.

denials contains reason("review.dataset", sprintf("dataset %s is marked for output review", [ds])) if {
	permitted
	some ds, marked in release.datasets
	marked == true
}

denials contains reason("review.project", "the project has every result reviewed before release") if {
	permitted
	release.output_review == true
}

# The message says nothing of how many cells, or how close: with the cells
# withheld for differencing and those released, a count or a distance would
# tell a researcher how far apart two answers are.
denials contains reason("review.near_miss", "held for output review: governance officers check it before release") if {
	permitted
	release.near_misses > near_miss_tolerance
}

# What officers hold or refused stays theirs to decide: an answer that asks
# again, or gives again cells never given out, is held like the first. The
# message is the near miss's: nothing says which cells, or whose result.
denials contains reason("review.repeat", "held for output review: governance officers check it before release") if {
	permitted
	release.repeats > 0
}

# A database restored from an older backup has forgotten cells released
# since: no answer is checked against them, so officers check every one
# until they lift the hold (docs/operations.md, "Backup and restore").
denials contains reason("review.rollback", "held for output review: the enclave was restored from a backup, and governance officers check every answer until they lift the hold") if {
	permitted
	release.rollback == true
}

# Four eyes on a held result.

denials contains reason("review.self", "no one may review a result they asked for") if {
	permitted
	action in verdicts
	is_requester
}

denials contains reason("review.not_held", sprintf("the result is %s: only a held result can be approved or rejected", [result.state])) if {
	permitted
	action in verdicts
	result.state != "held"
}

denials contains reason("review.already_approved", "this officer has already approved the result") if {
	permitted
	action == "review.approve"
	principal_id in result.approvals
}

denials contains reason("review.enrolment", sprintf("%s and %s are linked by enrolment (one enrolled the other or approved their enrolment), so they count as one pair of eyes", [principal_id, other])) if {
	permitted
	action == "review.approve"
	some other in ({result.requester} | {id | some id in result.approvals})
	enrolment.linked(input.resource.enrolments, principal_id, other)
}

denials contains reason("review.requester_left", "the researcher who asked for the result is no longer in its project: it can be rejected, not released") if {
	permitted
	action == "review.approve"
	not requester_in_project
}

denials contains reason("project.not_active", sprintf("the project is %s: a held result is released only while its project is active", [project_state])) if {
	permitted
	action == "review.approve"
	project_state != "active"
}

# A result is released only on the grounds it was computed on.

denials contains reason("review.stale", sprintf("opt-out list %s is %s now, so the answer can no longer be released: reject it, and the researcher asks again", [list, cur.state])) if {
	permitted
	action == "review.approve"
	some list, _ in held_on.optout_lists
	cur := list_now(list)
	cur.state != "ready"
}

denials contains reason("review.stale", sprintf("opt-out list %s has changed since the answer was held (version %d applied, version %d now): reject it, and the researcher asks again", [list, version, cur.version])) if {
	permitted
	action == "review.approve"
	some list, version in held_on.optout_lists
	cur := list_now(list)
	cur.state != "missing"
	cur.version != version
}

denials contains reason("review.stale", sprintf("the project has changed since the answer was held (submission %d then, %d now): reject it, and the researcher asks again", [held_on.project_submission, current.project_submission])) if {
	permitted
	action == "review.approve"
	current.project_submission != held_on.project_submission
}

denials contains reason("review.stale", sprintf("the catalogue has changed since the answer was held (revision %s then, %s now): reject it, and the researcher asks again", [held_on.catalogue_revision, current.catalogue_revision])) if {
	permitted
	action == "review.approve"
	current.catalogue_revision != held_on.catalogue_revision
}

denials contains reason("review.stale", sprintf("dataset %s has changed since the answer was held (a load was added or retracted): reject it, and the researcher asks again", [name])) if {
	permitted
	action == "review.approve"
	some name, revision in held_on.data_revisions
	object.get(object.get(current, "data_revisions", {}), name, "") != revision
}

denials contains reason("review.stale", "the answer does not record which rows of its datasets it was computed on, so whether they have changed since is unknown: reject it, and the researcher asks again") if {
	permitted
	action == "review.approve"
	not records_data_revisions
}

records_data_revisions if some _, _ in held_on.data_revisions

# list_now is opt-out list l as it is now; one left out is missing.
list_now(l) := object.get(current.optout_lists, l, {"version": 0, "state": "missing"})

denials contains reason("review.reason_required", "a rejection needs a written reason, which the researcher will read") if {
	permitted
	action == "review.reject"
	trim_space(object.get(input.resource, "reason", "")) == ""
}

# Obligations.

default obligations := {}

obligations := {"outcome": "release"} if {
	allowed
	action == "result.release"
} else := {"outcome": "review"} if {
	permitted
	action == "result.release"
}

obligations := {"show_result": show_result} if {
	allowed
	action == "review.view"
}

obligations := {
	"approvals_required": input.resource.settings.approvals_required,
	"approvals_after": approvals_after,
	"state_after": approval_state_after,
} if {
	allowed
	action == "review.approve"
}

obligations := {"state_after": "rejected"} if {
	allowed
	action == "review.reject"
}

show_result if {
	role in officers
} else if {
	result.state == "released"
	project_state == "active"
} else := false

# Earlier approvals count once per officer, never the requester's.
approvals_after := count({id | some id in result.approvals; id != result.requester}) + 1

approval_state_after := "released" if {
	approvals_after >= input.resource.settings.approvals_required
} else := "held"

# Input validation. The service builds the input from typed records
# (enclave.ReleaseResource, enclave.ReviewResource), so a record it sends
# has every field, each of its JSON type, and the clock is RFC 3339 in
# UTC. What types cannot promise is checked here: that the action has the
# records it needs, and that each value is in its domain. Each message
# names the field, never its value.

resource := input.resource if {
	input.action in actions
	is_object(input.resource)
}

input_errors contains "review actions need resource, an object" if {
	input.action in actions
	not is_object(object.get(input, "resource", null))
}

input_errors contains sprintf("%s needs resource.%s", [input.action, name]) if {
	some name, _ in records[input.action]
	not name in object.keys(resource)
}

input_errors contains msg if {
	some name, fields in records[input.action]
	some msg in governance.record_errors(name, resource[name], fields)
}

# records are the records each action needs, with the fields whose values
# have a domain narrower than their type.
records := {
	"result.release": {"release": {"near_misses": "count", "repeats": "count"}},
	"review.view": review_records,
	"review.reject": review_records,
	"review.approve": object.union(review_records, {
		"settings": {"approvals_required": "positive"},
		"held_on": grounds,
		"current": grounds,
	}),
}

review_records := {
	"result": {"id": "id", "requester": "id", "approvals": "ids"},
	"project": governance.record_fields.project,
}

grounds := {"project_submission": "count", "catalogue_revision": "id"}

input_errors contains "resource.release.datasets must name every dataset the query uses, at least one" if {
	input.action == "result.release"
	not some_dataset
}

some_dataset if some _ in resource.release.datasets

input_errors contains "resource.release.rollback must be true or false" if {
	input.action == "result.release"
	not is_boolean(object.get(resource.release, "rollback", null))
}

input_errors contains "resource.result.state must be held, released or rejected" if {
	input.action in review_actions
	not resource.result.state in result_states
}

input_errors contains msg if {
	input.action == "review.approve"
	r := resource.result
	some msg in enrolment.enrolments_errors(resource, array.concat([input.principal.id, r.requester], r.approvals))
}

input_errors contains "resource.held_on.optout_lists must give each list applied the version applied, a whole number of 1 or more" if {
	some _, version in resource.held_on.optout_lists
	not governance.positive(version)
}

input_errors contains "resource.current.optout_lists must give each list {version, state}: a whole number, 0 or more, and ready, missing, stale or key_mismatch" if {
	some _, list in resource.current.optout_lists
	not list_now_valid(list)
}

input_errors contains sprintf("resource.%s.data_revisions must map each dataset to its data revision, a non-empty string", [name]) if {
	input.action == "review.approve"
	some name in ["held_on", "current"]
	revisions := object.get(resource[name], "data_revisions", null)
	revisions != null
	not valid_revisions(revisions)
}

valid_revisions(revisions) if {
	is_object(revisions)
	every _, revision in revisions {
		is_string(revision)
		revision != ""
	}
}

list_now_valid(list) if {
	governance.valid_kind("count", list.version)
	governance.valid_kind("list_state", list.state)
}
