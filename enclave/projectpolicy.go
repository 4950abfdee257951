package enclave

import (
	"encoding/json"
	"fmt"
	"slices"
)

// ApprovalSettings say how many distinct governance officers must approve a
// submission.
type ApprovalSettings struct {
	Required          int // projects using only standard datasets
	RequiredSensitive int // projects using any sensitive dataset
}

// DatasetFacts is what governance needs to know of a catalogue dataset.
type DatasetFacts struct {
	Sensitive bool
	Minimum   Disclosure // the loosest settings a project may use
	Usable    []string   // the columns a project may be granted (never identifiers or never-output columns)
}

// Datasets looks datasets up in the catalogue. The catalogue package
// implements it; the domain does not read catalogue files.
type Datasets interface {
	DatasetFacts(name string) (DatasetFacts, bool)
}

// projectObligations are the obligations governance.rego attaches to a
// project decision (see its package comment).
type projectObligations struct {
	EffectiveState string           `json:"effective_state"`
	OptOuts        *AppliedOptOuts  `json:"optouts"`
	StateAfter     string           `json:"state_after"`
	ResetApprovals bool             `json:"reset_approvals"`
	ApprovalsAfter int              `json:"approvals_after"`
	Disclosure     *QueryDisclosure `json:"disclosure"`
	Limits         QueryLimits      `json:"limits"`
}

// obligationsOf reads the obligations of a project decision.
func obligationsOf(d Decision) (projectObligations, error) {
	var o projectObligations
	return o, decodeObligations(d, &o)
}

// decodeObligations reads the obligations of d into o. They pass through
// JSON because the engine hands numbers over as json.Number.
func decodeObligations(d Decision, o any) error {
	raw, err := json.Marshal(d.Obligations)
	if err == nil {
		err = json.Unmarshal(raw, o)
	}
	if err != nil {
		return Wrap(CodeInternal, "the policy returned malformed obligations", err)
	}
	return nil
}

// checkScope checks a scope against the catalogue and returns whether it
// touches a sensitive dataset and the strictest minimum settings of its
// datasets.
func checkScope(cat Datasets, s Scope) (sensitive bool, minimum Disclosure, err error) {
	if len(s) == 0 {
		return false, minimum, E(CodeInvalid, "scope must name at least one dataset")
	}
	for _, name := range s.Datasets() {
		facts, ok := cat.DatasetFacts(name)
		if !ok {
			return false, minimum, E(CodeInvalid, fmt.Sprintf("scope: dataset %q is not in the catalogue", name))
		}
		cols := s[name]
		if len(cols) == 0 {
			return false, minimum, E(CodeInvalid, fmt.Sprintf("scope: dataset %q needs at least one column", name))
		}
		for _, c := range cols {
			if !slices.Contains(facts.Usable, c) {
				return false, minimum, E(CodeInvalid, fmt.Sprintf("scope: %s.%s is not a column a project may use (usable: %v)", name, c, facts.Usable))
			}
		}
		sensitive = sensitive || facts.Sensitive
		minimum.Threshold = max(minimum.Threshold, facts.Minimum.Threshold)
		minimum.Rounding = max(minimum.Rounding, facts.Minimum.Rounding)
	}
	return sensitive, minimum, nil
}

// normalise sorts and de-duplicates the scope's columns, so that equal
// scopes compare and store equal.
func (s Scope) normalise() Scope {
	out := make(Scope, len(s))
	for k, v := range s {
		c := slices.Clone(v)
		slices.Sort(c)
		out[k] = slices.Compact(c)
	}
	return out
}

// For returns how many officers must approve a submission of a project
// that is, or is not, sensitive: the number governance_approval.rego reads.
func (a ApprovalSettings) For(sensitive bool) int {
	if sensitive {
		return a.RequiredSensitive
	}
	return a.Required
}
