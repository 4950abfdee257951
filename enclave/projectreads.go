package enclave

import "context"

// Get returns project id with its history, if the policy lets actor view it.
func (s *Projects) Get(ctx context.Context, actor Actor, id string) (Project, error) {
	p, err := s.Store.Project(ctx, id)
	if err != nil {
		return Project{}, err
	}
	return s.withEffectiveState(ctx, actor, p)
}

// withEffectiveState asks the policy whether actor may view p and, if so,
// returns p with its effective state on today's clock.
func (s *Projects) withEffectiveState(ctx context.Context, actor Actor, p Project) (Project, error) {
	in := s.input(actor, "project.view", "", ProjectResource{Project: p.record()})
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return Project{}, Wrap(CodeUnavailable, "authorisation is unavailable", err)
	}
	if !d.Allow {
		return Project{}, s.refuse(ctx, actor, in, d, p.ID)
	}
	o, err := obligationsOf(d)
	if err != nil {
		return Project{}, err
	}
	p.EffectiveState = o.EffectiveState
	return p, nil
}

// List returns the projects actor may view, without their histories:
// every project for officers and auditors, their own for researchers.
func (s *Projects) List(ctx context.Context, actor Actor) ([]Project, error) {
	all, err := s.Store.Projects(ctx)
	if err != nil {
		return nil, err
	}
	out := []Project{}
	for _, p := range all {
		d, err := s.Authorizer.Decide(ctx, s.input(actor, "project.view", "", ProjectResource{Project: p.record()}))
		if err != nil {
			return nil, Wrap(CodeUnavailable, "authorisation is unavailable", err)
		}
		if !d.Allow {
			continue
		}
		o, err := obligationsOf(d)
		if err != nil {
			return nil, err
		}
		p.EffectiveState = o.EffectiveState
		out = append(out, p)
	}
	return out, nil
}

// RegisterEntry is one line of the public data use register: what was
// approved, why, on what legal basis, with which data, for how long, and
// nothing more (no people, no disclosure settings, no history).
type RegisterEntry struct {
	Title      string   `json:"title"`
	Purpose    string   `json:"purpose"`
	LegalBasis string   `json:"legal_basis"`
	Datasets   []string `json:"datasets"`
	StartDate  string   `json:"start_date"`
	ExpiryDate string   `json:"expiry_date"`
	ApprovedOn string   `json:"approved_on"`
}

// Register lists every project that has ever been approved, as NHS England's
// Data Uses Register does, in the version last approved: one that has since
// closed or expired stays on it, with its dates, and a change awaiting
// approval does not show until it is approved.
func (s *Projects) Register(ctx context.Context) ([]RegisterEntry, error) {
	entries, err := s.Store.Register(ctx)
	if entries == nil && err == nil {
		entries = []RegisterEntry{}
	}
	return entries, err
}
