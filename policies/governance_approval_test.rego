# Tests of governance_approval.rego: four eyes on a submission.
package enclave.governance_test

submitted_project := project_in("submitted")

approve(p, project) := decide(p, "project.approve", {"now": now, "settings": settings, "project": project})

test_four_eyes[name] if {
	some name, c in {
		"self-approval": {"by": "creator-1", "project": {}, "codes": ["approval.self"]},
		"by a member": {"by": "researcher-2", "project": {}, "codes": ["approval.member"]},
		"by the lead": {"by": "lead-1", "project": {}, "codes": ["approval.member"]},
		"twice": {"by": "governance-1", "project": {"approvals": ["governance-1"]}, "codes": ["approval.duplicate"]},
		"creator, lead and twice": {
			"by": "creator-1",
			"project": {"lead": "creator-1", "approvals": ["creator-1"]},
			"codes": ["approval.duplicate", "approval.member", "approval.self"],
		},
		"past the expiry date": {"by": "governance-1", "project": {"expiry_date": "2025-06-14"}, "codes": ["project.expired"]},
		"unknown legal basis": {"by": "governance-1", "project": {"legal_basis": "s251"}, "codes": ["legal_basis.unknown"]},
	}

	d := approve(officer(c.by), object.union(submitted_project, c.project))
	d.allow == false
	codes(d) == c.codes
	d.obligations.effective_state == "submitted"
}

# Officers linked by enrolment (one enrolled the other, or approved their
# enrolment) count as one: an approval is refused when its officer is
# linked to the project's creator or to an officer who approved the
# submission already. Sharing an approver is no link. (decide merges these
# enrolments into unlinked ones of the same principals.)
test_four_eyes_refuses_officers_linked_by_enrolment[name] if {
	some name, c in {
		"approved the creator's enrolment": {"links": {"governance-1": ["", ""], "creator-1": ["operator-1", "governance-1"]}, "approvals": [], "codes": ["approval.enrolment"]},
		"enrolment approved by the creator": {"links": {"governance-1": ["operator-1", "creator-1"], "creator-1": ["", ""]}, "approvals": [], "codes": ["approval.enrolment"]},
		"approved by the first approver": {"links": {"governance-1": ["operator-1", "governance-2"], "creator-1": ["", ""], "governance-2": ["", ""]}, "approvals": ["governance-2"], "codes": ["approval.enrolment"]},
		"approved the first approver": {"links": {"governance-1": ["", ""], "creator-1": ["", ""], "governance-2": ["operator-1", "governance-1"]}, "approvals": ["governance-2"], "codes": ["approval.enrolment"]},
		"the same approver": {"links": {"governance-1": ["operator-1", "governance-9"], "creator-1": ["operator-1", "governance-9"], "governance-2": ["operator-1", "governance-9"]}, "approvals": ["governance-2"], "codes": ["role.permitted"]},
	}
	enrolments := {id: {"enrolled_by": l[0], "approved_by": l[1]} | some id, l in c.links}
	project := object.union(submitted_project, {"sensitive": true, "approvals": c.approvals})
	d := decide(officer("governance-1"), "project.approve", {"now": now, "settings": settings, "project": project, "enrolments": enrolments})
	codes(d) == c.codes
}

test_sensitive_project_needs_two_officers if {
	sensitive := object.union(submitted_project, {"sensitive": true})

	first := approve(officer("governance-1"), sensitive)
	first.allow == true
	first.obligations.approvals_required == 2
	first.obligations.approvals_after == 1
	first.obligations.state_after == "submitted"

	second := approve(officer("governance-2"), object.union(sensitive, {"approvals": ["governance-1"]}))
	second.allow == true
	second.obligations.approvals_required == 2
	second.obligations.approvals_after == 2
	second.obligations.state_after == "approved"

	again := approve(officer("governance-1"), object.union(sensitive, {"approvals": ["governance-1"]}))
	codes(again) == ["approval.duplicate"]
}

test_approvals_required_come_from_settings if {
	three := {"approvals_required": 2, "approvals_required_sensitive": 3}
	d := decide(officer("governance-3"), "project.approve", {
		"now": now,
		"settings": three,
		"project": object.union(submitted_project, {"approvals": ["governance-1"]}),
	})
	d.allow == true
	d.obligations.approvals_required == 2
	d.obligations.approvals_after == 2
	d.obligations.state_after == "approved"

	s := decide(officer("governance-3"), "project.approve", {
		"now": now,
		"settings": three,
		"project": object.union(submitted_project, {"approvals": ["governance-1"], "sensitive": true}),
	})
	s.obligations.approvals_required == 3
	s.obligations.state_after == "submitted"
}

# An approval by an officer who has since joined the project, or duplicated
# in the list, does not count.
test_conflicted_earlier_approvals_do_not_count if {
	project := object.union(submitted_project, {
		"sensitive": true,
		"members": ["researcher-1", "governance-1"],
		"approvals": ["governance-1", "creator-1", "lead-1", "governance-2", "governance-2"],
	})
	d := approve(officer("governance-3"), project)
	d.allow == true
	d.obligations.approvals_after == 2
	d.obligations.state_after == "approved"
}
