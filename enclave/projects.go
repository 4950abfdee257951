package enclave

import (
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Projects applies the governance policy to research projects: every action
// is decided by the policy engine on the stored project and the injected
// clock, and every change is written with its history entry and audit event
// in one transaction. Refusals are audited too.
type Projects struct {
	Store      ProjectStore
	Principals PrincipalLookup
	// Datasets returns the catalogue in force, read once per action.
	Datasets   func() Datasets
	Authorizer Authorizer
	Audit      *Audit
	Settings   ApprovalSettings
	// OptOutLists says whether the lists a project's legal basis applies
	// are ready; nil counts every list as missing.
	OptOutLists OptOutLists
	Now         func() time.Time
}

// PrincipalLookup finds principals and their enrolment links; TokenStore
// implements it.
type PrincipalLookup interface {
	Principal(ctx context.Context, id string) (PrincipalInfo, bool, error)
	EnrolmentLinks
}

// ProjectDraft is what a governance officer fills in to create a project.
type ProjectDraft struct {
	Title      string     `json:"title"`
	Purpose    string     `json:"purpose"`
	Lead       string     `json:"lead"`
	Members    []string   `json:"members,omitempty"`
	LegalBasis string     `json:"legal_basis"`
	StartDate  string     `json:"start_date"`
	ExpiryDate string     `json:"expiry_date"`
	Scope      Scope      `json:"scope"`
	Disclosure Disclosure `json:"disclosure"`
	// OutputReview: every answer is reviewed by officers before release.
	OutputReview bool `json:"output_review,omitempty"`
}

// Create records a new draft project on behalf of actor.
func (s *Projects) Create(ctx context.Context, actor Actor, draft ProjectDraft) (Project, error) {
	id, err := newProjectID()
	if err != nil {
		return Project{}, err
	}
	now := s.Now().UTC()
	p := Project{
		ID: id, Title: draft.Title, Purpose: draft.Purpose, Lead: draft.Lead, LegalBasis: draft.LegalBasis,
		StartDate: draft.StartDate, ExpiryDate: draft.ExpiryDate, Scope: draft.Scope.normalise(), Disclosure: draft.Disclosure,
		OutputReview: draft.OutputReview, CreatedAt: now, CreatedBy: actor.Principal.ID, UpdatedAt: now,
		Members: []string{}, Approvals: []string{},
	}
	for _, m := range draft.Members {
		if !slices.Contains(p.Members, m) {
			p.Members = append(p.Members, m)
		}
	}
	slices.Sort(p.Members)
	minimum, err := s.checkProject(ctx, &p)
	if err != nil {
		return Project{}, err
	}
	for _, m := range p.Members {
		if err := s.checkResearcher(ctx, "members", m, p.Lead); err != nil {
			return Project{}, err
		}
	}
	in := s.input(actor, "project.create", "", ProjectResource{Proposal: p.proposal(minimum)})
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return Project{}, Wrap(CodeUnavailable, "authorisation is unavailable; nothing was done", err)
	}
	if !d.Allow {
		return Project{}, s.refuse(ctx, actor, in, d, p.ID)
	}
	c, err := s.change(actor, in, d, Project{}, p, "")
	if err != nil {
		return Project{}, err
	}
	if err := s.Store.CreateProject(ctx, c); err != nil {
		return Project{}, err
	}
	c.After.EffectiveState = c.After.State
	return c.After, nil
}

// checkProject validates the fields a person typed and the scope, fills in
// the derived ones and returns the strictest minimum disclosure settings of
// the scope.
func (s *Projects) checkProject(ctx context.Context, p *Project) (Disclosure, error) {
	for _, err := range []error{
		checkText("title", p.Title, maxTitle),
		checkText("purpose", p.Purpose, maxPurpose),
		checkDate("start_date", p.StartDate),
		checkDate("expiry_date", p.ExpiryDate),
	} {
		if err != nil {
			return Disclosure{}, err
		}
	}
	if len(p.LegalBasis) > 64 {
		return Disclosure{}, E(CodeInvalid, "legal_basis must be at most 64 characters")
	}
	if p.Disclosure.Threshold < 1 || p.Disclosure.Rounding < 1 {
		return Disclosure{}, E(CodeInvalid, "disclosure.threshold and disclosure.rounding must be whole numbers of 1 or more")
	}
	sensitive, minimum, err := checkScope(s.Datasets(), p.Scope)
	if err != nil {
		return Disclosure{}, err
	}
	p.Sensitive = sensitive
	if strings.TrimSpace(p.Lead) != "" {
		if err := s.checkResearcher(ctx, "lead", p.Lead, ""); err != nil {
			return Disclosure{}, err
		}
	}
	return minimum, nil
}

// checkResearcher checks that id names a researcher who may join a
// project led by lead.
func (s *Projects) checkResearcher(ctx context.Context, field, id, lead string) error {
	if err := ValidatePrincipalID(id); err != nil {
		return E(CodeInvalid, field+": "+err.(*Error).Message)
	}
	p, ok, err := s.Principals.Principal(ctx, id)
	if err != nil {
		return err
	}
	if !ok || p.Role != RoleResearcher {
		return E(CodeInvalid, field+": "+id+" is not a researcher known to the enclave")
	}
	if id == lead {
		return E(CodeInvalid, field+": "+id+" is the project's lead, who belongs to it already")
	}
	return nil
}

// input is the policy input of action on the project described by res's
// records, with the clock, the reason and, for an approval, the settings.
func (s *Projects) input(actor Actor, action, reason string, res ProjectResource) PolicyInput {
	res.Now, res.Reason = PolicyTime(s.Now()), reason
	if action == "project.approve" {
		res.Settings = &ApprovalRecord{Required: s.Settings.Required, RequiredSensitive: s.Settings.RequiredSensitive}
	}
	return PolicyInput{Principal: actor.Principal, Action: action, Resource: res}
}

// refuse audits a refusal of an authenticated caller and returns it as an
// error. A researcher outside
// the project is told it does not exist: the policy lets them learn nothing
// about it.
func (s *Projects) refuse(ctx context.Context, actor Actor, in PolicyInput, d Decision, id string) error {
	return s.refuseWith(ctx, actor, in, d, id, nil)
}

// refuseWith is refuse with a body for the audit record.
func (s *Projects) refuseWith(ctx context.Context, actor Actor, in PolicyInput, d Decision, id string, body map[string]any) error {
	if actor.Principal.Role == RoleAnonymous {
		// Not audited, as at the router: anonymous probing must not flood the log.
		return &Error{Code: CodeUnauthenticated, Message: "an API token is required", Reasons: d.Reasons}
	}
	ev := s.Audit.Event(actor, audit.Kind(in.Action), "project", id, audit.OutcomeDenied, &d, body)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Wrap(CodeUnavailable, "the refusal could not be audited", err)
	}
	for _, r := range d.Reasons {
		if r.Code == "member.not_in_project" {
			return E(CodeNotFound, "no such project")
		}
	}
	return &Error{Code: CodeForbidden, Message: "the governance policy does not allow " + in.Action, Reasons: d.Reasons}
}

// newProjectID returns "prj_" and 12 random characters of a-z0-9.
func newProjectID() (string, error) { return newID("prj_", "a project") }

// newID returns prefix and 12 random characters of a-z0-9, for what.
func newID(prefix, what string) (string, error) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", Wrap(CodeInternal, "no randomness for the id of "+what, err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + string(b), nil
}

// Memberships lists every project principal leads or is a member of, or
// ever did or was: a researcher's answers are checked against the
// differencing ledgers of all of them (docs/differencing.md).
func (s *Projects) Memberships(ctx context.Context, principal string) ([]string, error) {
	return s.Store.Memberships(ctx, principal)
}
