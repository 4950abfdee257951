# Tests of governance_state.rego: effective states, written reasons, and
# what a change does to a project's state and approvals.
package enclave.governance_test

test_change_after_approval_resets[name] if {
	some action in ["project.update", "project.member_add", "project.member_remove"]
	some state in ["approved", "active", "suspended"]
	name := sprintf("%s in %s", [action, state])

	resource := object.union(resource_for(action, state), {"project": object.union(project_in(state), {"approvals": ["governance-2", "governance-3"]})})
	d := decide(principal("governance"), action, resource)
	d.allow == true
	d.obligations.reset_approvals == true
	d.obligations.state_after == "submitted"
}

# Approvals already given to a submission go when it changes.
test_change_during_approval_resets[action] if {
	some action in ["project.update", "project.member_add", "project.member_remove"]
	resource := object.union(resource_for(action, "submitted"), {"project": object.union(submitted_project, {"approvals": ["governance-2"]})})
	d := decide(principal("governance"), action, resource)
	d.allow == true
	d.obligations.reset_approvals == true
	d.obligations.state_after == "submitted"
}

test_reason_required[name] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	some label, reason in {"empty": "", "blank": " \t\n"}
	name := sprintf("%s with a %s reason", [action, label])

	d := decide(principal("governance"), action, object.union(resource_for(action, state), {"reason": reason}))
	d.allow == false
	codes(d) == ["reason.required"]
	every r in d.reasons {
		explained(r)
	}
}

test_reason_required_when_absent[action] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	d := decide(principal("governance"), action, object.remove(resource_for(action, state), {"reason"}))
	codes(d) == ["reason.required"]
}

test_reason_given[action] if {
	some action, state in {"project.reject": "submitted", "project.return": "submitted", "project.suspend": "active", "project.close": "active"}
	d := decide(principal("governance"), action, object.union(resource_for(action, state), {"reason": "CAG support withdrawn"}))
	d.allow == true
}

# The creator may reject: rejecting loosens nothing.
test_creator_may_reject if {
	d := decide(officer("creator-1"), "project.reject", resource_for("project.reject", "submitted"))
	d.allow == true
	d.obligations.state_after == "rejected"
}

# Derived state at the edges of the dates. Auditors may view in every state.
test_effective_state[name] if {
	some name, c in {
		"approved, starts today": {"now": "2025-06-15T00:00:00Z", "project": {"state": "approved", "start_date": "2025-06-15"}, "want": "active"},
		"approved, starts tomorrow": {"now": "2025-06-14T23:59:59.999Z", "project": {"state": "approved", "start_date": "2025-06-15"}, "want": "approved"},
		"active, before its start": {"now": now, "project": {"state": "active", "start_date": "2025-06-16"}, "want": "approved"},
		"active, last day": {"now": "2025-12-31T23:59:59Z", "project": {"state": "active"}, "want": "active"},
		"active, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "active"}, "want": "expired"},
		"approved, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "approved"}, "want": "expired"},
		"approved, expired before start": {"now": "2026-01-01T00:00:00Z", "project": {"state": "approved", "start_date": "2025-12-31"}, "want": "expired"},
		"suspended, last day": {"now": "2025-12-31T12:00:00Z", "project": {"state": "suspended"}, "want": "suspended"},
		"suspended, day after expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "suspended"}, "want": "expired"},
		"leap century expiry": {"now": "2000-03-01T00:00:00Z", "project": {"state": "active", "start_date": "2000-01-01", "expiry_date": "2000-02-29"}, "want": "expired"},
		"leap day expiry": {"now": "2024-03-01T00:00:00Z", "project": {"state": "approved", "start_date": "2024-01-01", "expiry_date": "2024-02-29"}, "want": "expired"},
		"draft past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "draft"}, "want": "draft"},
		"submitted past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "submitted"}, "want": "submitted"},
		"closed past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "closed"}, "want": "closed"},
		"rejected past expiry": {"now": "2026-01-01T00:00:00Z", "project": {"state": "rejected"}, "want": "rejected"},
	}

	d := decide(principal("auditor"), "project.view", {"now": c.now, "project": object.union(base_project, c.project)})
	d.allow == true
	d.obligations.effective_state == c.want
}

test_use_on_the_last_day_and_the_day_after if {
	project := object.union(base_project, {"state": "active"})
	last := decide(principal("researcher"), "project.use", {"now": "2025-12-31T23:59:59Z", "project": project, "optout_lists": ready_lists})
	last.allow == true
	after := decide(principal("researcher"), "project.use", {"now": "2026-01-01T00:00:00Z", "project": project, "optout_lists": ready_lists})
	codes(after) == ["project.expired"]
	after.obligations.effective_state == "expired"
}

test_submit_past_expiry if {
	d := decide(principal("governance"), "project.submit", {"now": now, "project": object.union(project_in("draft"), {"expiry_date": "2025-06-14"})})
	codes(d) == ["project.expired"]
}
