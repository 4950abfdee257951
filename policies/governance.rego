# Package enclave.governance decides the life of a research project: who may
# create, change, submit, approve, reject, return, suspend, resume, close,
# view and use one, in which state, and what the service must do when it
# acts. It has no entry point of its own: authz.rego treats every action in
# `actions` as a resource action and takes its grants, denials, input errors
# and obligations from here, so data.enclave.authz.decision stays the one
# query the engine evaluates.
#
# The package is one policy in several files, one concept each:
#   governance.rego           the actions, who may take them (the gates),
#                             and the decision's grants and obligations
#   governance_state.rego     the effective state, what each state allows,
#                             and the state after an action
#   governance_approval.rego  four eyes: whose approvals count, how many
#   governance_proposal.rego  the legal basis and its opt-outs, and the
#                             rules a created or changed project must meet
#   governance_use.rego       project.use: opt-out lists and queries
#   governance_input.rego     the values the input's types cannot promise
#
# Input contract, built by the service for every project.* action as
# enclave.ProjectResource (enclave/projectinput.go):
#
#   principal: {id, role}  role: researcher | governance | auditor | operator | anonymous
#   action:    one of `actions` below
#   resource:
#     now:       RFC 3339 timestamp in UTC ("2025-06-15T10:00:00Z"): the
#                service's injected clock. A policy never reads a clock of
#                its own, because the engine memoises decisions by input.
#     reason:    the written reason the caller gave, "" if none.
#     project:   the stored project; needed by every action except
#                project.create, which must not carry one:
#                {id, state, created_by, lead, members: [ids],
#                 approvals: [ids of the officers who approved the current
#                 submission], sensitive: bool (touches a sensitive dataset),
#                 legal_basis, start_date: "YYYY-MM-DD", expiry_date: "YYYY-MM-DD"}
#                state is the STORED state: draft, submitted, approved,
#                active, suspended, closed or rejected.
#     proposal:  project.create and project.update only: the project as it
#                will be afterwards (governance_proposal.rego).
#     settings, enrolments: project.approve only (governance_approval.rego).
#     optout_lists, query: project.use only (governance_use.rego).
#
# The types give each record every field, each field its JSON type, and
# the clock its one form (enclave.PolicyTime); the rules trust them. A
# record the action needs but lacks, or a value outside its domain (an
# empty id, an unknown stored state, an impossible date, a negative
# count), is a broken contract and is denied with input.invalid
# (governance_input.rego). Values a person chose are judged by the rules
# instead: an unknown legal basis, dates in the wrong order, loose
# disclosure settings, no lead.
#
# Decisions are layered, so that a caller learns nothing about a project it
# may not see:
#   1. anonymous: auth.required only (authz.rego);
#   2. a role that may not perform the action: role.not_permitted only;
#   3. a researcher who is neither lead nor member: member.not_in_project only;
#   4. otherwise every applicable denial of the other files is collected.
#
# Reason codes (stable: clients and audit records depend on them); each
# file lists the denials it adds:
#   grants:  role.permitted          the role may perform the action on any project
#            project.member          the researcher is the project's lead or a member
#   denials: role.not_permitted      the role may not perform the action
#            member.not_in_project   a researcher outside the project
#   and, from authz.rego, auth.required, action.unknown and input.invalid.
#
# Obligations (a JSON object) are for the service. They are {} for a caller
# stopped at layers 1 to 3. Past the gates, allowed or not, they hold what
# the service needs to act on the project:
#   effective_state  when there is a stored project;
#   optouts          {"ndoo": bool, "type1": bool} when the legal basis in
#                    force (the proposal's for create and update, else the
#                    project's) is known;
#   for a query, disclosure and limits (governance_use.rego);
#   and, when allowed, the transition: state_after (the state to store),
#   and where they apply reset_approvals (clear the stored approvals),
#   approvals_required and approvals_after (the approvals the project needs
#   and will have, this one included).
package enclave.governance

officers := {"governance"}

authenticated := {"researcher", "governance", "auditor", "operator"}

# any_project maps each project action to the roles that may perform it on
# any project, whatever their relation to it.
any_project := {
	"project.create": officers,
	# Auditors read every project for audit; operators run the service but
	# have no business reading research governance records.
	"project.view": (officers | {"auditor"}),
	"project.update": officers,
	"project.member_add": officers,
	"project.member_remove": officers,
	"project.submit": officers,
	"project.approve": officers,
	"project.reject": officers,
	# Return a submitted project to draft for changes, with a reason.
	"project.return": officers,
	"project.suspend": officers,
	"project.resume": officers,
	"project.close": officers,
	# Only the project's own researchers use its data; officers govern.
	"project.use": set(),
}

# own_project maps actions to the roles that may perform them only on a
# project they lead or are a member of.
own_project := {
	"project.view": {"researcher"},
	"project.use": {"researcher"},
}

actions := {
	"project.create", "project.view", "project.update", "project.member_add", "project.member_remove",
	"project.submit", "project.approve", "project.reject", "project.return",
	"project.suspend", "project.resume", "project.close", "project.use",
}

reason(code, message) := {"code": code, "message": message}

# The rules below are defined only for well-formed input, so that none
# fires on malformed input and no builtin meets a value of the wrong type.
valid if {
	input.action in actions
	count(input_errors) == 0
}

role := input.principal.role if valid

action := input.action if valid

principal_id := input.principal.id if valid

project := input.resource.project if {
	valid
	action != "project.create"
}

# Gates: the role, then membership.

role_may_act if role in any_project[action]

role_may_act if role in own_project[action]

is_member if principal_id == project.lead

is_member if principal_id in project.members

# permitted: the principal passed both gates; only then do the project's
# own rules apply.
permitted if role in any_project[action]

permitted if {
	role in own_project[action]
	is_member
}

allowed if {
	permitted
	count(denials) == 0
}

grants contains reason("role.permitted", sprintf("role %s may perform %s", [role, action])) if {
	role in any_project[action]
}

grants contains reason("project.member", sprintf("the project's lead and members may perform %s", [action])) if {
	role in own_project[action]
	is_member
}

denials contains reason("role.not_permitted", sprintf("role %s may not perform %s", [role, action])) if {
	role in authenticated
	not role_may_act
}

denials contains reason("member.not_in_project", sprintf("only the project's lead and members may perform %s", [action])) if {
	role in own_project[action]
	not is_member
}

# Obligations: the facts, and when allowed the transition. Each file adds
# its own: governance_proposal.rego the opt-outs, governance_use.rego a
# query's disclosure and limits, governance_state.rego and
# governance_approval.rego the transitions.

default obligations := {}

obligations := object.union(facts, transition) if {
	allowed
} else := facts if {
	permitted
}

facts["effective_state"] := effective_state

facts["optouts"] := optout_rules[legal_basis]
