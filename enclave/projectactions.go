package enclave

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Transitions are the actions that change only a project's state, by name
// as the API and CLI spell them.
var Transitions = []string{"submit", "approve", "reject", "return", "suspend", "resume", "close"}

// ProjectPatch changes some of a project's fields; nil fields stay as they are.
type ProjectPatch struct {
	Title        *string     `json:"title,omitempty"`
	Purpose      *string     `json:"purpose,omitempty"`
	Lead         *string     `json:"lead,omitempty"`
	LegalBasis   *string     `json:"legal_basis,omitempty"`
	StartDate    *string     `json:"start_date,omitempty"`
	ExpiryDate   *string     `json:"expiry_date,omitempty"`
	Scope        Scope       `json:"scope,omitempty"`
	Disclosure   *Disclosure `json:"disclosure,omitempty"`
	OutputReview *bool       `json:"output_review,omitempty"`
}

// Transition performs one of Transitions on project id, with the caller's
// written reason (required by the policy for reject, return, suspend and
// close).
func (s *Projects) Transition(ctx context.Context, actor Actor, id, name, reason string) (Project, error) {
	if !slices.Contains(Transitions, name) {
		return Project{}, E(CodeNotFound, fmt.Sprintf("no project action %q: the actions are %s", name, strings.Join(Transitions, ", ")))
	}
	return s.act(ctx, actor, id, "project."+name, reason, nil)
}

// Update changes a project's fields. A change after approval sends it back
// for approval, as the policy's obligations say.
func (s *Projects) Update(ctx context.Context, actor Actor, id string, patch ProjectPatch, reason string) (Project, error) {
	return s.act(ctx, actor, id, "project.update", reason, func(before Project, after *Project) (string, *Disclosure, error) {
		changed := patch.apply(after)
		if len(changed) == 0 {
			return "", nil, E(CodeInvalid, "the update changes nothing")
		}
		minimum, err := s.checkProject(ctx, after)
		if err != nil {
			return "", nil, err
		}
		if slices.Contains(after.Members, after.Lead) {
			return "", nil, E(CodeInvalid, "lead: "+after.Lead+" is a member; remove them as a member first")
		}
		return "changed " + strings.Join(changed, ", "), &minimum, nil
	})
}

// AddMember adds a researcher to project id.
func (s *Projects) AddMember(ctx context.Context, actor Actor, id, member, reason string) (Project, error) {
	return s.act(ctx, actor, id, "project.member_add", reason, func(before Project, after *Project) (string, *Disclosure, error) {
		if slices.Contains(before.Members, member) {
			return "", nil, E(CodeConflict, member+" is already a member")
		}
		if err := s.checkResearcher(ctx, "member", member, before.Lead); err != nil {
			return "", nil, err
		}
		after.Members = append(after.Members, member)
		slices.Sort(after.Members)
		return "added " + member, nil, nil
	})
}

// RemoveMember removes a researcher from project id.
func (s *Projects) RemoveMember(ctx context.Context, actor Actor, id, member, reason string) (Project, error) {
	return s.act(ctx, actor, id, "project.member_remove", reason, func(before Project, after *Project) (string, *Disclosure, error) {
		i := slices.Index(before.Members, member)
		if i < 0 {
			return "", nil, E(CodeNotFound, member+" is not a member of the project")
		}
		after.Members = slices.Delete(after.Members, i, i+1)
		return "removed " + member, nil, nil
	})
}

// edit changes the project an action will write and returns a short
// description for the history and, for a change the policy must judge as a
// proposal, the strictest minimum disclosure settings of its scope.
type edit func(before Project, after *Project) (detail string, minimum *Disclosure, err error)

// denial carries a denial out of the store's transaction, so that it is
// audited after the transaction is rolled back.
type denial struct {
	in PolicyInput
	d  Decision
}

func (r *denial) Error() string { return "refused: " + r.in.Action }

// act decides action on project id inside the store's transaction and
// writes the change; a denial is audited after the rollback.
func (s *Projects) act(ctx context.Context, actor Actor, id, action, reason string, ed edit) (Project, error) {
	if err := checkReason(reason); err != nil {
		return Project{}, err
	}
	var links map[string]EnrolmentLink
	if action == "project.approve" {
		// Read before the transaction, which holds a connection meanwhile;
		// a principal's links never change once its enrolment is decided.
		var err error
		if links, err = s.Principals.EnrolmentLinks(ctx); err != nil {
			return Project{}, err
		}
	}
	_, err := s.Store.Act(ctx, id, func(before Project) (ProjectChange, error) {
		after := before.clone()
		res := ProjectResource{Project: before.record()}
		if links != nil {
			res.Enrolments = enrolmentsOf(links, append([]string{actor.Principal.ID, before.CreatedBy}, before.Approvals...)...)
		}
		detail := ""
		if ed != nil {
			var minimum *Disclosure
			var err error
			if detail, minimum, err = ed(before, &after); err != nil {
				return ProjectChange{}, err
			}
			if minimum != nil {
				res.Proposal = after.proposal(*minimum)
			}
		}
		in := s.input(actor, action, reason, res)
		d, err := s.Authorizer.Decide(ctx, in)
		if err != nil {
			return ProjectChange{}, Wrap(CodeUnavailable, "authorisation is unavailable; nothing was done", err)
		}
		if !d.Allow {
			return ProjectChange{}, &denial{in: in, d: d}
		}
		return s.change(actor, in, d, before, after, detail)
	})
	var r *denial
	if errors.As(err, &r) {
		return Project{}, s.refuse(ctx, actor, r.in, r.d, id)
	}
	if err != nil {
		return Project{}, err
	}
	// Read back with the history, which now ends with this change.
	return s.Get(ctx, actor, id)
}

// change turns an allowed decision into what the store writes, following
// the decision's obligations.
func (s *Projects) change(actor Actor, in PolicyInput, d Decision, before, after Project, detail string) (ProjectChange, error) {
	res, _ := in.Resource.(ProjectResource)
	reason := res.Reason
	o, err := obligationsOf(d)
	if err != nil {
		return ProjectChange{}, err
	}
	if o.StateAfter == "" {
		return ProjectChange{}, E(CodeInternal, "the policy allowed "+in.Action+" without saying the state after it")
	}
	now := s.Now().UTC()
	c := ProjectChange{After: after}
	c.After.State, c.After.UpdatedAt = o.StateAfter, now
	if o.OptOuts != nil {
		c.After.OptOuts = *o.OptOuts
	}
	if o.ResetApprovals {
		c.ResetApprovals = true
		c.After.Submission = before.Submission + 1
		c.After.Approvals = []string{}
	}
	if in.Action == "project.approve" {
		c.Approve = actor.Principal.ID
		c.After.Approvals = append(c.After.Approvals, actor.Principal.ID)
		if o.StateAfter == "approved" && c.After.FirstApprovedAt == nil {
			c.After.FirstApprovedAt = &now
		}
	}
	codes := make([]string, len(d.Reasons))
	for i, r := range d.Reasons {
		codes[i] = r.Code
	}
	c.History = ProjectHistory{
		At: now, Actor: actor.Principal.ID, Action: in.Action, Reason: reason, Detail: detail,
		StateBefore: before.State, StateAfter: c.After.State, OptOuts: c.After.OptOuts, Codes: codes, Revision: d.Revision,
	}
	body := map[string]any{
		"state_before": before.State, "state_after": c.After.State, "submission": c.After.Submission,
		"approvals": len(c.After.Approvals), "optouts": map[string]any{"ndoo": c.After.OptOuts.NDOO, "type1": c.After.OptOuts.Type1},
	}
	if detail != "" {
		body["detail"] = detail
	}
	if reason != "" {
		body["reason_hmac"] = s.Audit.FieldHMAC(reason)
	}
	c.Event = s.Audit.Event(actor, audit.Kind(in.Action), "project", after.ID, audit.OutcomeSuccess, &d, body)
	return c, nil
}

// apply writes the patch into p and returns the names of the fields it
// changed.
func (pt ProjectPatch) apply(p *Project) []string {
	var changed []string
	set := func(name string, dst *string, v *string) {
		if v != nil && *v != *dst {
			*dst = *v
			changed = append(changed, name)
		}
	}
	set("title", &p.Title, pt.Title)
	set("purpose", &p.Purpose, pt.Purpose)
	set("lead", &p.Lead, pt.Lead)
	set("legal_basis", &p.LegalBasis, pt.LegalBasis)
	set("start_date", &p.StartDate, pt.StartDate)
	set("expiry_date", &p.ExpiryDate, pt.ExpiryDate)
	if pt.Scope != nil {
		if s := pt.Scope.normalise(); !maps.EqualFunc(s, p.Scope, slices.Equal) {
			p.Scope = s
			changed = append(changed, "scope")
		}
	}
	if pt.Disclosure != nil && *pt.Disclosure != p.Disclosure {
		p.Disclosure = *pt.Disclosure
		changed = append(changed, "disclosure")
	}
	if pt.OutputReview != nil && *pt.OutputReview != p.OutputReview {
		p.OutputReview = *pt.OutputReview
		changed = append(changed, "output_review")
	}
	return changed
}

// clone returns a deep copy of p without its history.
func (p Project) clone() Project {
	c := p
	c.Members = slices.Clone(nonNil(p.Members))
	c.Approvals = slices.Clone(nonNil(p.Approvals))
	c.Scope = p.Scope.normalise()
	c.History = nil
	return c
}
