package answer

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// verdict is the output review policy's decision on an answer: release it
// now (hold is ""), or hold it for review under the id hold.
type verdict struct {
	release  enclave.Decision
	hold     string
	repeatOf []string // the held or rejected results it repeats
}

// decide asks the output review policy whether the answer to v may be
// released now: near is the number of its cells that came close to the
// differencing limit, repeatOf the held or rejected results whose question
// it asks again or whose cells, never given out, it would give. An answer
// the policy holds gets its id now, for the ledger to record its cells
// under.
func (s *Service) decide(ctx context.Context, actor enclave.Actor, p enclave.Permit, v query.Query, near int, repeatOf []string) (verdict, error) {
	release, held, err := s.Reviews.Release(ctx, actor, p.Project, s.reviewFlags(v), near, len(repeatOf))
	if err != nil || !held {
		return verdict{release: release}, err
	}
	id, err := enclave.NewHeldID()
	return verdict{release: release, hold: id, repeatOf: repeatOf}, err
}

// hold stores an answer the policy held (vd), as it would be released, with
// its grounds (checked again at approval) and the query's audit record, and
// returns it as the researcher sees it: no cells. A failure to store is
// audited as a failed query.
func (s *Service) hold(ctx context.Context, actor enclave.Actor, p enclave.Permit, v query.Query, m Manifest, res *disclosure.Result, vd verdict) (*enclave.HeldResult, error) {
	r := enclave.HeldResult{ID: vd.hold, Project: p.Project.ID, QueryHash: m.QueryHash, RepeatOf: vd.repeatOf, Summary: summarise(res),
		Grounds: enclave.HeldGrounds{Submission: p.Project.Submission, CatalogueRevision: m.CatalogueRevision, OptOutLists: m.OptOutLists,
			DataRevisions: m.DataRevisions, DatasetVersions: m.DatasetVersions}}
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
	h, err := s.Reviews.Hold(ctx, actor, r, vd.release, p.Decision, m.auditBody())
	if err != nil {
		return nil, s.failed(ctx, actor, p.Project.ID, v, &p.Decision, err)
	}
	return &h, nil
}

// askedBefore shows actor's own hold of the question v, when one is
// still held: asking again is recorded, and the question is not answered
// again while officers decide on it. Otherwise it returns the held or
// rejected results of the question on the project, which an answer now
// repeats.
func (s *Service) askedBefore(ctx context.Context, actor enclave.Actor, p enclave.Permit, v query.Query) (*enclave.HeldResult, []string, error) {
	mine, repeatOf, err := s.Reviews.Asked(ctx, actor, p.Project.ID, query.Hash(v))
	if err != nil {
		return nil, nil, s.failed(ctx, actor, p.Project.ID, v, &p.Decision, err)
	}
	if mine == nil {
		return nil, repeatOf, nil
	}
	h, err := s.Reviews.AskedAgain(ctx, actor, *mine, p.Decision, s.asked(v))
	if err != nil {
		return nil, nil, err
	}
	return &h, nil, nil
}

// reviewFlags maps every dataset q uses to whether the catalogue marks it
// for review.
func (s *Service) reviewFlags(q query.Query) map[string]bool {
	flags := map[string]bool{}
	for ds := range q.Columns() {
		d, ok := s.cat.Dataset(ds)
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
