# Project states (package enclave.governance; see governance.rego): the
# effective state of a stored project on the injected clock, the states
# each action is allowed in, the written reason some actions need, and the
# state an allowed action leaves the project in.
#
# Reads resource.now, resource.reason and, from resource.project, state,
# approvals, start_date and expiry_date.
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
# Denials:
#   project.state_invalid   the action is not allowed in the effective state
#   project.expired         the project is expired or past its expiry date
#   project.not_active      project.use on a project that is not active
#   project.suspended       project.use on a suspended project
#   reason.required         reject, return, suspend and close need a written reason
package enclave.governance

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

reason_actions := {"project.reject", "project.return", "project.suspend", "project.close"}

# towards_use are the actions that lead to, or are, use of the data: none
# may happen after the expiry date or under a legal basis the policy does
# not know.
towards_use := {"project.submit", "project.approve", "project.resume", "project.use"}

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

denials contains reason("reason.required", sprintf("%s needs a written reason", [action])) if {
	permitted
	action in reason_actions
	not has_reason
}

has_reason if trim_space(object.get(input.resource, "reason", "")) != ""

# Transitions.

change_actions := {"project.update", "project.member_add", "project.member_remove"}

default transition := {}

transition := fixed_transitions[action]

transition := change_transition if action in change_actions

# A change to scope, legal basis, dates or membership after approval returns
# the project to submitted for a fresh approval. While it is submitted, any
# approvals already given were given to the old version, so they go too.
change_transition := {"reset_approvals": true, "state_after": "submitted"} if {
	effective_state in {"approved", "active", "suspended"}
} else := {"reset_approvals": true, "state_after": project.state} if {
	count(project.approvals) > 0
} else := {"reset_approvals": false, "state_after": project.state}
