// Package answer turns an approved researcher's question into a released
// answer: it validates the query against the catalogue, asks the governance
// policy whether the project may use the data for it (scope, state, opt-out
// lists, disclosure settings), runs it as the research role, applies
// disclosure control with the differencing ledgers of every project the
// researcher is or was on held locked, asks the output review policy whether the answer may
// be released now or must be held for governance officers, and audits the
// answer, manifest and decision included, before anyone sees it. A refusal
// at any step is audited with its reasons.
package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// Runner runs a validated query over the research data, keeping only people
// the named opt-out lists permit, and supplies what rules need of each cell
// besides its values (Aggregate.Top and AbsSum when a magnitude rule applies
// to a measure, Cell.CellKey under ModeCellKey, Cell.Members for the
// differencing ledger and the other rows); postgres.QueryStore is one.
//
// Before it reads any research data, Run calls admit with the pseudonym
// keys of the loads of every dataset q uses and of the current versions of
// the lists, each key once, as the snapshot it answers from holds them, so
// that no load or list can come between the check and the answer. When
// admit returns an error, Run stops and returns it.
//
// cat is the catalogue q was validated against: the one the answer's
// manifest names, even when a reload has replaced it since.
type Runner interface {
	Run(ctx context.Context, cat *catalogue.Catalogue, q query.Query, lists []string, rules disclosure.Rules, admit func(keys []KeyID) error) (Raw, error)
}

// Raw is a query's result before disclosure control.
type Raw struct {
	Table disclosure.Table
	// OptOutVersions is the version of each list applied.
	OptOutVersions map[string]int
	// Keys are the pseudonym keys of the data and the lists, as admit saw
	// them.
	Keys []KeyID
	// DataRevisions is the data revision of each dataset the query read,
	// as its snapshot held it: it changes with every load and every
	// retraction.
	DataRevisions map[string]string
}

// Service answers queries.
type Service struct {
	Projects *enclave.Projects
	// Catalogue returns the catalogue in force. Each call of Run or Check
	// reads it once, at its start, and answers with that catalogue
	// throughout (pin), so that a reload never mixes two revisions in one
	// answer.
	Catalogue func() *catalogue.Catalogue
	Runner    Runner
	// Ledger, when set, withholds cells too close to cells released before
	// to any project of the researcher's (docs/differencing.md);
	// postgres.LedgerStore is one.
	Ledger  differencing.Ledger
	Reviews *enclave.Reviews // decides which answers are held for output review
	// Rollbacks, when set, refuses every query while the database is
	// found restored to an earlier point and no operator has acknowledged
	// it (*enclave.Rollbacks): its differencing ledger has forgotten cells.
	Rollbacks interface {
		Serving(ctx context.Context) error
	}
	Audit  *enclave.Audit
	Limits enclave.QueryLimits
	// MaxProtectedCells bounds the cells of an answer with totals (0:
	// disclosure.DefaultMaxCells), so that protecting it stays within the
	// time and memory the service allows.
	MaxProtectedCells int
	Now               func() time.Time

	cat *catalogue.Catalogue // the catalogue of one call (pin)
}

// pin returns s with the catalogue in force now, for one call.
func (s *Service) pin() *Service {
	p := *s
	p.cat = s.Catalogue()
	return &p
}

// Answer is what a researcher receives: the released table and its
// manifest or, when the policy holds the answer for output review, the
// held result without them.
type Answer struct {
	Manifest Manifest            `json:"manifest,omitzero"`
	Result   *disclosure.Result  `json:"result,omitempty"`
	Held     *enclave.HeldResult `json:"held,omitempty"`
}

// RunSQL answers a query written in restricted SQL; a statement outside the
// subset is refused and audited like any invalid query.
func (s *Service) RunSQL(ctx context.Context, actor enclave.Actor, projectID, sql string) (Answer, error) {
	q, err := query.Parse(sql)
	if err != nil {
		return Answer{}, s.refuseInvalid(ctx, actor, projectID, err)
	}
	return s.Run(ctx, actor, projectID, q)
}

// Run answers q for actor on project projectID.
func (s *Service) Run(ctx context.Context, actor enclave.Actor, projectID string, q query.Query) (Answer, error) {
	return s.pin().run(ctx, actor, projectID, q)
}

func (s *Service) run(ctx context.Context, actor enclave.Actor, projectID string, q query.Query) (Answer, error) {
	if s.Rollbacks != nil {
		if err := s.Rollbacks.Serving(ctx); err != nil {
			return Answer{}, s.notServing(ctx, actor, projectID, err)
		}
	}
	v, err := query.Validate(q, s.cat, s.queryLimits())
	if err == nil {
		err = s.recordable(v)
	}
	if err != nil {
		return Answer{}, s.refuseInvalid(ctx, actor, projectID, err)
	}
	hash := query.Hash(v)
	permit, err := s.Projects.UseForQuery(ctx, actor, projectID, enclave.QueryUse{
		Columns: v.Columns(), Minimums: s.minimums(v), Limits: s.Limits,
		Body: s.asked(v),
	})
	if err != nil {
		return Answer{}, err
	}
	if err := rowsCountedOnce(v); err != nil {
		return Answer{}, s.refuseInvalidAs(ctx, actor, audit.KindQueryRun, projectID, s.asked(v), err)
	}
	mine, repeatOf, err := s.askedBefore(ctx, actor, permit, v)
	if err != nil || mine != nil {
		return Answer{Held: mine}, err
	}
	lists := appliedLists(permit.OptOuts)
	rules := rulesOf(permit.Disclosure)
	raw, err := s.Runner.Run(ctx, s.cat, v, lists, rules, oneKey)
	if err != nil {
		return Answer{}, s.failed(ctx, actor, projectID, v, &permit.Decision, err)
	}
	raw.Table.Domains = s.domains(v)
	res, vd, err := s.protect(ctx, actor, permit, v, hash, raw.Table, rules, repeatOf)
	if err != nil {
		return Answer{}, s.refused(ctx, actor, projectID, v, &permit.Decision, err)
	}
	m := s.manifest(projectID, v, hash, permit, raw, res)
	if vd.hold != "" {
		held, err := s.hold(ctx, actor, permit, v, m, res, vd)
		return Answer{Held: held}, err
	}
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", projectID, audit.OutcomeSuccess, &permit.Decision, m.auditBody())
	// Released only once its audit record is committed.
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Answer{}, enclave.Wrap(enclave.CodeUnavailable, "the answer could not be audited, so it is not released", err)
	}
	return Answer{Manifest: m, Result: res}, nil
}

// queryLimits are the limits queries are validated against.
func (s *Service) queryLimits() query.Limits {
	return query.Limits{MaxGroupBy: s.Limits.MaxGroupBy, MaxCells: s.Limits.MaxCells, MaxProtected: s.MaxProtectedCells}
}

// appliedLists names the opt-out lists a query must apply.
func appliedLists(o enclave.AppliedOptOuts) []string {
	lists := []string{}
	if o.NDOO {
		lists = append(lists, "ndoo")
	}
	if o.Type1 {
		lists = append(lists, "type1")
	}
	return lists
}

// refuseInvalid audits a query the parser or the catalogue rules refuse,
// and returns why. The audit record keeps the reason code only: the
// message may quote the statement.
func (s *Service) refuseInvalid(ctx context.Context, actor enclave.Actor, projectID string, cause error) error {
	return s.refuseInvalidAs(ctx, actor, audit.KindQueryRun, projectID, nil, cause)
}

// refuseInvalidAs is refuseInvalid for a query asked to run (query.run) or
// to be checked (query.check), with body (asked) when the query is valid
// but refused by a rule beyond validation.
func (s *Service) refuseInvalidAs(ctx context.Context, actor enclave.Actor, kind audit.Kind, projectID string, body map[string]any, cause error) error {
	code := "query.invalid"
	var syntax *query.SyntaxError
	if errors.As(cause, &syntax) {
		code = "query.syntax"
	}
	d := &enclave.Decision{Allow: false, Reasons: []enclave.Reason{{Code: code, Message: cause.Error()}}}
	ev := s.Audit.Event(actor, kind, "project", projectID, audit.OutcomeDenied, d, body)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the refusal could not be audited", err)
	}
	return &enclave.Error{Code: enclave.CodeInvalid, Message: cause.Error(), Reasons: d.Reasons, Err: cause}
}

// failed audits a query that was allowed but could not be answered (too
// many cells, too slow, a value out of range), and returns why.
func (s *Service) failed(ctx context.Context, actor enclave.Actor, projectID string, v query.Query, d *enclave.Decision, cause error) error {
	body := s.asked(v)
	body["failed"] = string(enclave.ErrorCode(cause))
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", projectID, audit.OutcomeFailure, d, body)
	if err := s.recordAfter(ctx, ev); err != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the failure could not be audited", err)
	}
	return cause
}

// notServing audits a query refused before it was read because the service
// is not answering (a rollback of the database found and not acknowledged),
// and returns why. The query is not recorded: it was not validated, so
// literals that look like identifiers have not been replaced by HMACs.
func (s *Service) notServing(ctx context.Context, actor enclave.Actor, projectID string, cause error) error {
	body := map[string]any{"failed": string(enclave.ErrorCode(cause))}
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", projectID, audit.OutcomeFailure, nil, body)
	if err := s.recordAfter(ctx, ev); err != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the refusal could not be audited", err)
	}
	return cause
}

// recordAfter records the audit event of a query that failed or was
// withheld, even when the request's own deadline is what ended it.
func (s *Service) recordAfter(ctx context.Context, ev audit.Event) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return s.Audit.Store.Record(ctx, ev)
}

// rowsCountedOnce refuses margins of row-level measures (events, sums, means,
// percentiles) broken down by another dataset's columns: a row is then in
// several categories, and a margin would count it once for each.
func rowsCountedOnce(q query.Query) error {
	if !q.Totals {
		return nil
	}
	measured := ""
	for _, m := range q.Measures {
		switch m.Kind {
		case query.CountEvents:
			measured = m.Dataset
		case query.Sum, query.Mean, query.Percentile:
			measured, _, _ = strings.Cut(m.Column, ".")
		}
	}
	for _, g := range q.GroupBy {
		if ds, _, _ := strings.Cut(g, "."); measured != "" && ds != measured {
			return fmt.Errorf("totals: the margins of %s's events and measures broken down by %s would count a row once for each category it falls in; ask without totals", measured, g)
		}
	}
	return nil
}

// refused audits an answer disclosure control would not release, or could
// not decide on, and returns why.
func (s *Service) refused(ctx context.Context, actor enclave.Actor, projectID string, v query.Query, d *enclave.Decision, cause error) error {
	var leak *disclosure.LeakError
	switch {
	case errors.As(cause, &leak):
		return s.refuseLeak(ctx, actor, projectID, v, d, string(leak.Rule), "the result would release an identifier, so it is withheld", cause.Error(), cause)
	case errors.Is(cause, disclosure.ErrDerivable):
		// The cause names a cell of the table before disclosure control:
		// its position would say how many hidden labels come before it.
		return s.refuseLeak(ctx, actor, projectID, v, d, "disclosure.unsafe", "disclosure control could not release this result safely, so it is withheld",
			"no pattern of hidden cells protects every one of them", cause)
	}
	return s.failed(ctx, actor, projectID, v, d, protectError(cause))
}

// refuseLeak audits a result disclosure control would not release.
func (s *Service) refuseLeak(ctx context.Context, actor enclave.Actor, projectID string, v query.Query, d *enclave.Decision, code, message, reason string, cause error) error {
	body := s.asked(v)
	body["refused"] = code
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", projectID, audit.OutcomeFailure, d, body)
	if err := s.recordAfter(ctx, ev); err != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the refusal could not be audited", err)
	}
	return &enclave.Error{Code: enclave.CodeForbidden, Message: message,
		Reasons: []enclave.Reason{{Code: code, Message: reason}}, Err: cause}
}
