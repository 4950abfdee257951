package enclave

import "context"

// QueryUse is what a query asks of a project: the columns it uses, the
// catalogue's disclosure settings of their datasets, and the limits the
// service keeps answers to.
type QueryUse struct {
	Columns  map[string][]string
	Minimums map[string]QueryDisclosure
	Limits   QueryLimits
	// Body goes into the audit record of a refusal (the query's hash).
	Body map[string]any
}

// QueryLimits bound one answer.
type QueryLimits struct {
	MaxCells   int `json:"max_cells"`
	MaxGroupBy int `json:"max_group_by"`
}

// QueryDisclosure holds the disclosure settings of a dataset a query uses
// (QueryUse.Minimums), or those its answer must meet (Permit.Disclosure):
// the threshold, the rounding base, the rounding mode (base, midpoint6 or
// cell_key) and the magnitude rules, percentages as whole numbers.
type QueryDisclosure struct {
	Threshold  int    `json:"threshold"`
	Rounding   int    `json:"rounding"`
	Mode       string `json:"mode"`
	DominanceN int    `json:"dominance_n"`
	DominanceK int    `json:"dominance_k"`
	PPercent   int    `json:"p_percent"`
}

// Permit is an allowed use of a project's data, with what the answer must
// meet: the opt-out lists that apply and, for a query, the disclosure
// settings and limits.
type Permit struct {
	Project    Project
	Decision   Decision
	OptOuts    AppliedOptOuts
	Disclosure QueryDisclosure
	Limits     QueryLimits
}

// Use decides whether actor may use project id's data now, with the state
// of the opt-out lists its legal basis applies, auditing a refusal.
func (s *Projects) Use(ctx context.Context, actor Actor, id string) (Project, Decision, error) {
	p, err := s.use(ctx, actor, id, nil)
	return p.Project, p.Decision, err
}

// UseForQuery is Use for a query: the policy also checks the query's
// columns against the project's scope and says which disclosure settings
// and limits its answer must meet.
func (s *Projects) UseForQuery(ctx context.Context, actor Actor, id string, q QueryUse) (Permit, error) {
	return s.use(ctx, actor, id, &q)
}

func (s *Projects) use(ctx context.Context, actor Actor, id string, q *QueryUse) (Permit, error) {
	p, err := s.Store.Project(ctx, id)
	if err != nil {
		return Permit{}, err
	}
	states, err := s.listStates(ctx)
	if err != nil {
		return Permit{}, err
	}
	res := ProjectResource{Project: p.record(), OptOutLists: states}
	var body map[string]any
	if q != nil {
		res.Query = queryRecord(p, *q)
		body = q.Body
	}
	in := s.input(actor, "project.use", "", res)
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return Permit{}, Wrap(CodeUnavailable, "authorisation is unavailable", err)
	}
	if !d.Allow {
		return Permit{Decision: d}, s.refuseWith(ctx, actor, in, d, p.ID, body)
	}
	o, err := obligationsOf(d)
	if err != nil {
		return Permit{}, err
	}
	if o.OptOuts == nil || (q != nil && o.Disclosure == nil) {
		return Permit{}, E(CodeInternal, "the policy allowed project.use without saying which opt-outs and settings apply")
	}
	p.EffectiveState, p.OptOuts = o.EffectiveState, *o.OptOuts
	permit := Permit{Project: p, Decision: d, OptOuts: *o.OptOuts}
	if q != nil {
		permit.Disclosure, permit.Limits = *o.Disclosure, o.Limits
	}
	return permit, nil
}
