# The legal basis and the proposal (package enclave.governance; see
# governance.rego): which opt-out lists a legal basis applies, and the
# rules a project must meet when it is created or changed.
#
# Reads the legal basis in force: resource.proposal's for project.create
# and project.update, else resource.project's. The proposal is the project
# as it will be afterwards, complete rather than a patch:
#   {legal_basis, start_date, expiry_date, lead, datasets: [...],
#    threshold, rounding, minimum_threshold, minimum_rounding}
# where the minimums are the strictest of the datasets in scope, computed
# by the caller.
#
# Denials:
#   legal_basis.unknown   a legal basis missing from optout_rules
#   dates.invalid         the start date is not before the expiry date
#   disclosure.too_loose  threshold or rounding below the datasets' minimum
#   lead.required         the proposal has no lead researcher
#
# Obligation: optouts, the lists the legal basis in force applies.
package enclave.governance

proposal_actions := {"project.create", "project.update"}

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

proposal := input.resource.proposal if {
	valid
	action in proposal_actions
}

legal_basis := proposal.legal_basis if action in proposal_actions

legal_basis := project.legal_basis if {
	action != "project.create"
	action != "project.update"
}

known_basis if optout_rules[legal_basis]

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

facts["optouts"] := optout_rules[legal_basis]
