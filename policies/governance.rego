# Package enclave.governance decides the life of a research project: who may
# create, change, submit, approve, reject, return, suspend, resume, close,
# view and use one, in which state, and what the service must do when it
# acts. It has no entry point of its own: authz.rego treats every action in
# `actions` as a resource action and takes its grants, denials, input errors
# and obligations from here, so data.enclave.authz.decision stays the one
# query the engine evaluates.
#
# Input contract, built by the service for every project.* action:
#
#   principal: {id, role}  role: researcher | governance | auditor | operator | anonymous
#   action:    one of `actions` below
#   resource:
#     now:       RFC 3339 timestamp in UTC ("2025-06-15T10:00:00Z"): the
#                service's injected clock. A policy never reads a clock of
#                its own, because the engine memoises decisions by input.
#     reason:    the written reason the caller gave, "" (or absent) if none.
#     settings:  {approvals_required, approvals_required_sensitive}, whole
#                numbers >= 1, the sensitive one not below the other; needed
#                by project.approve only.
#     enrolments: project.approve only: who enrolled, and who approved the
#                enrolment of, the caller, the project's creator and every
#                officer in project.approvals, as enrolment.rego describes.
#     query:     project.use for a query only (absent for other uses):
#                {columns: {dataset: [column, ...]} the query uses,
#                 minimums: {dataset: {threshold, rounding, mode, dominance_n,
#                   dominance_k, p_percent}} the catalogue's disclosure
#                   settings of each of those datasets: its minimum
#                   threshold and rounding, its rounding mode (base,
#                   midpoint6 or cell_key) and its magnitude rules (the
#                   (n, k%) dominance rule and the p% rule, percentages as
#                   whole numbers),
#                 scope: {dataset: [column, ...]} the project's approved scope,
#                 disclosure: {threshold, rounding} the project's settings,
#                 limits: {max_cells, max_group_by} the service's limits}.
#     optout_lists: project.use only: the state of each opt-out list now,
#                {"ndoo": s, "type1": s}, s one of ready, missing, stale or
#                key_mismatch (loaded with another key than the service's).
#     project:   the stored project; needed by every action except
#                project.create, which must not carry one:
#                {id, state, created_by, lead, members: [ids],
#                 approvals: [ids of the officers who approved the current
#                 submission], sensitive: bool (touches a sensitive dataset),
#                 legal_basis, start_date: "YYYY-MM-DD", expiry_date: "YYYY-MM-DD"}
#                state is the STORED state: draft, submitted, approved,
#                active, suspended, closed or rejected.
#     proposal:  project.create and project.update only: the project as it
#                will be afterwards, complete rather than a patch:
#                {legal_basis, start_date, expiry_date, lead, datasets: [...],
#                 threshold, rounding, minimum_threshold, minimum_rounding},
#                where the minimums are the strictest of the datasets in
#                scope, computed by the caller.
#
# The service builds the resource as enclave.ProjectResource, whose types
# give each record every field, each field its JSON type, and the clock its
# one form (enclave.PolicyTime); the rules trust them. A record the action
# needs but lacks, or a value outside its domain (an empty id, an unknown
# stored state, an impossible date, a negative count), is a broken contract
# and is denied with input.invalid. Values a person chose are judged by the
# rules instead: an unknown legal basis, dates in the wrong order, loose
# disclosure settings, no lead.
#
# Effective state. Dates are whole UTC days; today is the date part of now.
#   - stored approved, active or suspended and today > expiry_date: expired.
#     The expiry date is the project's last day: it expires at 00:00Z on
#     the day after.
#   - otherwise stored approved or active and today >= start_date: active.
#   - otherwise stored approved or active: approved. A stored "active"
#     before its start date is not active: no data before the project starts.
#   - otherwise the stored state. Draft, submitted, closed and rejected
#     projects never become expired; submitting, approving, resuming or
#     using a project after its expiry date is denied with project.expired.
#
# Decisions are layered, so that a caller learns nothing about a project it
# may not see:
#   1. anonymous: auth.required only (authz.rego);
#   2. a role that may not perform the action: role.not_permitted only;
#   3. a researcher who is neither lead nor member: member.not_in_project only;
#   4. otherwise every applicable denial below is collected.
#
# Reason codes (stable: clients and audit records depend on them):
#   grants:  role.permitted          the role may perform the action on any project
#            project.member          the researcher is the project's lead or a member
#   denials: role.not_permitted      the role may not perform the action
#            member.not_in_project   a researcher outside the project
#            project.state_invalid   the action is not allowed in the effective state
#            project.expired         the project is expired or past its expiry date
#            project.not_active      project.use on a project that is not active
#            project.suspended       project.use on a suspended project
#            approval.self           the approving officer created the project
#            approval.member         the approving officer is its lead or a member
#            approval.duplicate      the officer already approved this submission
#            approval.enrolment      the officer and the project's creator or an officer
#                                    who approved this submission are linked by
#                                    enrolment (enrolment.rego): they count as one
#            reason.required         reject, return, suspend and close need a written reason
#            legal_basis.unknown     a legal basis missing from optout_rules
#            dates.invalid           the start date is not before the expiry date
#            disclosure.too_loose    threshold or rounding below the datasets' minimum
#            disclosure.mode_conflict project.use: the query's datasets have different rounding modes
#            lead.required           the proposal has no lead researcher
#            scope.dataset_not_approved  a query uses a dataset outside the project's scope
#            scope.column_not_approved   a query uses a column outside the project's scope
#            optout.missing          project.use: a list the legal basis applies was never loaded
#            optout.stale            project.use: that list is older than the configured age
#            optout.key_mismatch     project.use: that list was keyed differently from the service
#   and, from authz.rego, auth.required, action.unknown and input.invalid.
#
# Obligations (a JSON object) are for the service. They are {} for a caller
# stopped at layers 1 to 3. Past the gates, allowed or not, they hold what
# the service needs to act on the project:
#   effective_state  when there is a stored project;
#   optouts          {"ndoo": bool, "type1": bool} when the legal basis in
#                    force (the proposal's for create and update, else the
#                    project's) is known;
#   for a query, disclosure {threshold, rounding, mode, dominance_n,
#                    dominance_k, p_percent}: the strictest of the project's
#                    settings and every used dataset's (highest threshold,
#                    rounding, n and p, lowest k; the datasets' one mode,
#                    and rounding 1 when it is not base, which replaces
#                    it), and limits, the limits the answer must keep to;
#   and, when allowed, the transition: state_after (the state to store),
#   and where they apply reset_approvals (clear the stored approvals),
#   approvals_required and approvals_after (the approvals the project needs
#   and will have, this one included).
package enclave.governance

import data.enclave.enrolment

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

stored_states := {"draft", "submitted", "approved", "active", "suspended", "closed", "rejected"}

effective_states := stored_states | {"expired"}

changeable := {"draft", "submitted", "approved", "active", "suspended"}

# allowed_states maps each action on a stored project to the effective
# states it is allowed in.
allowed_states := {
	"project.view": effective_states,
	"project.update": changeable,
	"project.member_add": changeable,
	"project.member_remove": changeable,
	"project.submit": {"draft"},
	"project.approve": {"submitted"},
	"project.reject": {"submitted"},
	"project.return": {"submitted"},
	"project.suspend": {"active"},
	"project.resume": {"suspended"},
	"project.close": effective_states - {"closed", "rejected"},
	"project.use": {"active"},
}

proposal_actions := {"project.create", "project.update"}

change_actions := {"project.update", "project.member_add", "project.member_remove"}

reason_actions := {"project.reject", "project.return", "project.suspend", "project.close"}

# towards_use are the actions that lead to, or are, use of the data: none
# may happen after the expiry date or under a legal basis the policy does
# not know.
towards_use := {"project.submit", "project.approve", "project.resume", "project.use"}

# optout_rules says, for each legal basis, which opt-out lists filter the
# project's data (ARCHITECTURE.md §6): ndoo is the national data opt-out,
# type1 the Type 1 objection registered at the GP practice. A basis missing
# here is denied with legal_basis.unknown; it never defaults to "no
# opt-out" (invariant 6: fail closed). Sources: NHS England, National data
# opt-out operational policy guidance (where the opt-out applies, and its
# exemptions); the HRA Confidentiality Advisory Group's standard
# conditions of support.
optout_rules := {
	# Explicit consent: the person agreed to this use, which overrides a
	# general objection; the NDOO policy does not apply where consent is
	# the basis for setting aside confidentiality.
	"consent": {"ndoo": false, "type1": false},
	# s251 support (COPI Regulations 2002, reg. 5) under CAG's standard
	# condition: the NDOO applies to s251-supported research, and CAG's
	# standard conditions expect Type 1 objections to be respected.
	"s251_standard": {"ndoo": true, "type1": true},
	# s251 support with an explicit CAG exemption from the NDOO: the
	# exemption covers the NDOO only, so Type 1 objections still apply.
	"s251_exempt": {"ndoo": false, "type1": true},
	# A COPI notice (COPI Regulations 2002, reg. 3(4)) requires the
	# disclosure; the NDOO does not apply to it. Type 1 as specified by the
	# governance issue: confirm per notice (some notices, and OpenSAFELY
	# since 2023, respect Type 1 objections).
	"copi": {"ndoo": false, "type1": false},
	# Disclosure required by law or court order: opt-outs cannot override
	# a legal requirement.
	"legal_requirement": {"ndoo": false, "type1": false},
	# Data anonymised in line with the ICO anonymisation code is not
	# confidential patient information, which is all that opt-outs cover.
	"anonymised": {"ndoo": false, "type1": false},
}

# fixed_transitions are the obligations of allowed actions whose outcome
# does not depend on the project.
fixed_transitions := {
	"project.create": {"state_after": "draft"},
	# A new submission starts without approvals.
	"project.submit": {"state_after": "submitted", "reset_approvals": true},
	"project.reject": {"state_after": "rejected"},
	"project.return": {"state_after": "draft", "reset_approvals": true},
	"project.suspend": {"state_after": "suspended"},
	"project.resume": {"state_after": "active"},
	"project.close": {"state_after": "closed"},
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

proposal := input.resource.proposal if {
	valid
	action in proposal_actions
}

settings := input.resource.settings if {
	valid
	action == "project.approve"
}

# Derived state.

today := substring(input.resource.now, 0, 10) if valid

past_expiry if today > project.expiry_date

effective_state := state_on(project, today)

# state_on is the effective state of stored project p on day
# ("YYYY-MM-DD"). review.rego uses it too.
state_on(p, day) := "expired" if {
	p.state in {"approved", "active", "suspended"}
	day > p.expiry_date
} else := "active" if {
	p.state in {"approved", "active"}
	day >= p.start_date
} else := "approved" if {
	p.state in {"approved", "active"}
} else := p.state

state_allowed if effective_state in allowed_states[action]

legal_basis := proposal.legal_basis if action in proposal_actions

legal_basis := project.legal_basis if {
	action != "project.create"
	action != "project.update"
}

known_basis if optout_rules[legal_basis]

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

# State.

expired_reason := reason("project.expired", sprintf("the project expired at the end of %s", [project.expiry_date])) if valid

denials contains expired_reason if {
	permitted
	effective_state == "expired"
	not state_allowed
}

denials contains expired_reason if {
	permitted
	action in towards_use
	past_expiry
}

denials contains reason("project.state_invalid", sprintf("%s is not allowed when the project is %s", [action, effective_state])) if {
	permitted
	action != "project.use"
	effective_state != "expired"
	not state_allowed
}

denials contains reason("project.suspended", "the project is suspended: its data cannot be used until it is resumed") if {
	permitted
	action == "project.use"
	effective_state == "suspended"
}

denials contains reason("project.not_active", sprintf("the project is %s: its data can be used only while it is active", [effective_state])) if {
	permitted
	action == "project.use"
	not effective_state in {"active", "suspended", "expired"}
}

# Four eyes.

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

denials contains reason("reason.required", sprintf("%s needs a written reason", [action])) if {
	permitted
	action in reason_actions
	not has_reason
}

has_reason if trim_space(object.get(input.resource, "reason", "")) != ""

# The proposal and the legal basis.

denials contains reason("legal_basis.unknown", "the legal basis is not in the policy, so it cannot tell which opt-outs apply") if {
	permitted
	action in (proposal_actions | towards_use)
	not known_basis
}

denials contains reason("dates.invalid", "the start date must be before the expiry date") if {
	permitted
	proposal.start_date >= proposal.expiry_date
}

denials contains reason("disclosure.too_loose", "the suppression threshold is below the minimum of the datasets in scope") if {
	permitted
	proposal.threshold < proposal.minimum_threshold
}

denials contains reason("disclosure.too_loose", "the rounding base is below the minimum of the datasets in scope") if {
	permitted
	proposal.rounding < proposal.minimum_rounding
}

denials contains reason("lead.required", "the project needs a lead researcher") if {
	permitted
	trim_space(proposal.lead) == ""
}

# Opt-out lists: a list the legal basis applies must be ready before the
# data is used. Missing, stale or mismatched means no data, never data
# unfiltered (invariant 6).
denials contains reason(sprintf("optout.%s", [list_state]), sprintf("the %s opt-out list applies to this project and is %s: load a current one", [list, list_state])) if {
	permitted
	action == "project.use"
	some list, applies in optout_rules[legal_basis]
	applies
	list_state := input.resource.optout_lists[list]
	list_state != "ready"
}

# Queries: only the datasets and columns the project was approved for.
query := input.resource.query if {
	valid
	action == "project.use"
	"query" in object.keys(input.resource)
}

denials contains reason("scope.dataset_not_approved", sprintf("the project is not approved to use dataset %s", [ds])) if {
	permitted
	some ds, _ in query.columns
	not query.scope[ds]
}

denials contains reason("scope.column_not_approved", sprintf("the project is not approved to use column %s.%s", [ds, col])) if {
	permitted
	some ds, cols in query.columns
	approved := query.scope[ds]
	some col in cols
	not col in approved
}

# The strictest setting wins: the project's own, or any used dataset's
# minimum, whichever is higher. The magnitude rules and the mode come from
# the datasets.
query_disclosure := {
	"threshold": max({query.disclosure.threshold} | {used[ds].threshold | some ds, _ in used}),
	"rounding": query_rounding,
	"mode": query_mode,
	"dominance_n": max({used[ds].dominance_n | some ds, _ in used}),
	"dominance_k": min({used[ds].dominance_k | some ds, _ in used}),
	"p_percent": max({used[ds].p_percent | some ds, _ in used}),
}

used := {ds: query.minimums[ds] | some ds, _ in query.columns}

# A query's datasets must share one mode: none is stricter than another, and
# letting one replace another's rounding would let a researcher loosen it by
# joining a dataset.
query_modes := {m.mode | some m in used}

query_mode := m if {
	count(query_modes) == 1
	some m in query_modes
}

denials contains reason("disclosure.mode_conflict", sprintf("the query uses datasets released under different rounding modes (%s): ask about them in separate queries", [concat(", ", [sprintf("%s: %s", [ds, used[ds].mode]) | some ds in sort(object.keys(used))])])) if {
	permitted
	count(query_modes) > 1
}

default query_rounding := 1

query_rounding := max({query.disclosure.rounding} | {used[ds].rounding | some ds, _ in used}) if query_mode == "base"

# Obligations.

default obligations := {}

obligations := object.union(facts, transition) if {
	allowed
} else := facts if {
	permitted
}

facts["effective_state"] := effective_state

facts["optouts"] := optout_rules[legal_basis]

facts["disclosure"] := query_disclosure

facts["limits"] := query.limits

default transition := {}

transition := fixed_transitions[action]

transition := change_transition if action in change_actions

transition := approval_transition if action == "project.approve"

# A change to scope, legal basis, dates or membership after approval returns
# the project to submitted for a fresh approval. While it is submitted, any
# approvals already given were given to the old version, so they go too.
change_transition := {"reset_approvals": true, "state_after": "submitted"} if {
	effective_state in {"approved", "active", "suspended"}
} else := {"reset_approvals": true, "state_after": project.state} if {
	count(project.approvals) > 0
} else := {"reset_approvals": false, "state_after": project.state}

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

# Input validation. The service builds the input from typed records
# (enclave.ProjectResource), so a record it sends has every field, each of
# its JSON type, and the clock is RFC 3339 in UTC: the rules above trust
# that. What types cannot promise is checked here: that the action has the
# records it needs, and that each value is in its domain. Each message
# names the field, never its value.

input_errors contains "project actions need resource, an object" if {
	input.action in actions
	not is_object(input.resource)
}

input_errors contains sprintf("%s needs resource.%s", [input.action, name]) if {
	some name in needed_records
	not name in object.keys(resource)
}

input_errors contains "project.create must not carry resource.project" if {
	input.action == "project.create"
	"project" in object.keys(resource)
}

input_errors contains msg if {
	some name, fields in record_fields
	needed_records[name]
	some msg in record_errors(name, resource[name], fields)
}

input_errors contains msg if {
	input.action == "project.approve"
	p := resource.project
	some msg in enrolment.enrolments_errors(resource, array.concat([input.principal.id, p.created_by], p.approvals))
}

input_errors contains "resource.settings.approvals_required_sensitive must not be below approvals_required" if {
	needed_records.settings
	s := resource.settings
	positive(s.approvals_required)
	positive(s.approvals_required_sensitive)
	s.approvals_required_sensitive < s.approvals_required
}

# resource is the resource of a project action, when it is an object.
resource := input.resource if {
	input.action in actions
	is_object(input.resource)
}

# needed_records are the records the action needs in its resource.
needed_records contains "proposal" if input.action in proposal_actions

needed_records contains "project" if input.action != "project.create"

needed_records contains "settings" if input.action == "project.approve"

needed_records contains "optout_lists" if input.action == "project.use"

needed_records contains "query" if {
	input.action == "project.use"
	"query" in object.keys(resource)
}

# record_errors(name, x, fields) are the fields of record x whose values
# are outside the domain of their kind.
record_errors(name, x, fields) := {sprintf("resource.%s.%s must be %s", [name, field, kinds[kind]]) |
	some field, kind in fields
	not valid_kind(kind, object.get(x, field, null))
}

# record_fields are the fields whose values have a domain narrower than
# their type, by record.
record_fields := {
	"project": {
		"id": "id",
		"state": "state",
		"created_by": "id",
		"members": "ids",
		"approvals": "ids",
		"start_date": "date",
		"expiry_date": "date",
	},
	"proposal": {
		"start_date": "date",
		"expiry_date": "date",
		"threshold": "count",
		"rounding": "count",
		"minimum_threshold": "count",
		"minimum_rounding": "count",
	},
	"settings": {
		"approvals_required": "positive",
		"approvals_required_sensitive": "positive",
	},
	"optout_lists": {
		"ndoo": "list_state",
		"type1": "list_state",
	},
	"query": {
		"columns": "dataset_columns",
		"minimums": "dataset_settings",
		"scope": "dataset_columns",
		"disclosure": "settings",
		"limits": "limits",
	},
}

kinds := {
	"id": "a non-empty string",
	"ids": "an array of non-empty strings",
	"state": "a stored state: draft, submitted, approved, active, suspended, closed or rejected",
	"date": "a date, YYYY-MM-DD",
	"count": "a whole number, 0 or more",
	"positive": "a whole number, 1 or more",
	"list_state": "ready, missing, stale or key_mismatch",
	"dataset_columns": "an object of datasets, each an array of column names",
	"dataset_settings": "an object of datasets, each {threshold, rounding, mode, dominance_n, dominance_k, p_percent}, with every dataset the query uses",
	"settings": "{threshold, rounding}, whole numbers of 1 or more",
	"limits": "{max_cells, max_group_by}, whole numbers of 1 or more",
}

valid_kind("id", v) if v != ""

valid_kind("ids", v) if id_list(v)

valid_kind("state", v) if v in stored_states

valid_kind("date", v) if valid_date(v)

valid_kind("count", v) if v >= 0

valid_kind("positive", v) if positive(v)

valid_kind("list_state", v) if v in {"ready", "missing", "stale", "key_mismatch"}

valid_kind("dataset_columns", v) if {
	every _, cols in v {
		id_list(cols)
	}
}

valid_kind("dataset_settings", v) if {
	every _, m in v {
		settings_object(m)
		m.mode in {"base", "midpoint6", "cell_key"}
		between(m.dominance_n, 1, 10)
		between(m.dominance_k, 1, 99)
		between(m.p_percent, 1, 100)
	}
	every ds, _ in resource.query.columns {
		v[ds]
	}
}

valid_kind("settings", v) if settings_object(v)

valid_kind("limits", v) if {
	positive(v.max_cells)
	positive(v.max_group_by)
}

id_list(v) if {
	every x in v {
		x != ""
	}
}

settings_object(v) if {
	positive(v.threshold)
	positive(v.rounding)
}

positive(v) if v >= 1

between(v, lo, hi) if {
	v >= lo
	v <= hi
}

# valid_date checks the calendar too, so that "2025-02-30" is refused
# rather than compared as a string.
valid_date(s) if {
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
	month := to_number(substring(s, 5, 2))
	day := to_number(substring(s, 8, 2))
	day >= 1
	day <= days_in_month(to_number(substring(s, 0, 4)), month)
}

days_in_month(year, month) := 29 if {
	month == 2
	leap_year(year)
} else := month_days[month - 1]

month_days := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

leap_year(year) if {
	year % 4 == 0
	year % 100 != 0
}

leap_year(year) if year % 400 == 0
