package answer

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// hold asks the output review policy whether the answer may be released
// now. When it must be reviewed first, hold stores it, as it would be
// released, with its grounds (checked again at approval) and the query's
// audit record, and returns it as the researcher sees it: no cells. near
// is the number of the answer's cells that came close to the differencing
// limit. A failure to decide or to store is audited as a failed query.
func (s *Service) hold(ctx context.Context, actor enclave.Actor, p enclave.Permit, v query.Query, m Manifest, res *disclosure.Result, near int) (*enclave.HeldResult, error) {
	release, held, err := s.Reviews.Release(ctx, actor, p.Project, s.reviewFlags(v), near)
	if err != nil {
		return nil, s.failed(ctx, actor, p.Project.ID, v, &p.Decision, err)
	}
	if !held {
		return nil, nil
	}
	r := enclave.HeldResult{Project: p.Project.ID, QueryHash: m.QueryHash, Summary: summarise(res),
		Grounds: enclave.HeldGrounds{Submission: p.Project.Submission, CatalogueRevision: m.CatalogueRevision, OptOutLists: m.OptOutLists}}
	if r.Grounds.OptOutLists == nil {
		r.Grounds.OptOutLists = map[string]int{}
	}
	var errs [3]error
	r.Query, errs[0] = json.Marshal(v)
	r.Manifest, errs[1] = json.Marshal(m)
	r.Result, errs[2] = json.Marshal(res)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, enclave.Wrap(enclave.CodeInternal, "the answer could not be encoded for review", err)
	}
	h, err := s.Reviews.Hold(ctx, actor, r, release, p.Decision, m.auditBody())
	if err != nil {
		return nil, s.failed(ctx, actor, p.Project.ID, v, &p.Decision, err)
	}
	return &h, nil
}

// reviewFlags maps every dataset q uses to whether the catalogue marks it
// for review.
func (s *Service) reviewFlags(q query.Query) map[string]bool {
	flags := map[string]bool{}
	for ds := range q.Columns() {
		d, ok := s.Catalogue.Dataset(ds)
		flags[ds] = ok && d.Review
	}
	return flags
}

// summarise describes res's cells for its reviewers.
func summarise(res *disclosure.Result) *enclave.ResultSummary {
	sum := &enclave.ResultSummary{Cells: len(res.Cells), Suppressed: map[string]int{}, MeasuresSuppressed: map[string]int{}, Zeros: res.Zeros}
	for _, c := range res.Cells {
		if c.Suppressed == "" {
			sum.Released++
		}
	}
	for rule, n := range res.Suppressed {
		sum.Suppressed[string(rule)] = n
	}
	for rule, n := range res.MeasuresSuppressed {
		sum.MeasuresSuppressed[string(rule)] = n
	}
	return sum
}
