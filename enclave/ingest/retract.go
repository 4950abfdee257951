package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// The retraction actions, as the policy (policies/retraction.rego) and the
// audit log name them.
const (
	ActionRetract = string(audit.KindDatasetRetract)
	ActionConfirm = string(audit.KindDatasetRetractConfirm)
)

// maxRetractionReason bounds a reason, as migration 018 does.
const maxRetractionReason = 2000

// Retract asks for load id to be retracted, for reason. The policy decides
// whether a second person must confirm; when none must, the load's rows
// leave its dataset now. Either way the request and its audit event commit
// together, and a refusal is audited.
func (s *Service) Retract(ctx context.Context, actor enclave.Actor, id int64, reason string) (LoadState, error) {
	if !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > maxRetractionReason || strings.ContainsFunc(reason, unicode.IsControl) {
		return LoadState{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("reason must be one line of UTF-8 text of at most %d characters", maxRetractionReason))
	}
	return s.retraction(ctx, actor, id, ActionRetract, reason)
}

// ConfirmRetraction is the second person's agreement to load id's
// retraction: the load's rows leave its dataset, in the transaction that
// records the confirmation and its audit event.
func (s *Service) ConfirmRetraction(ctx context.Context, actor enclave.Actor, id int64) (LoadState, error) {
	return s.retraction(ctx, actor, id, ActionConfirm, "")
}

// LoadState returns load id, its retraction if any, and the rejected
// lines it listed (line, column, reason: never a value).
func (s *Service) LoadState(ctx context.Context, id int64) (LoadState, error) {
	if s.Retractions == nil {
		return LoadState{}, enclave.E(enclave.CodeUnavailable, "loads cannot be read on this server")
	}
	return s.Retractions.LoadState(ctx, id)
}

// retractionDenial carries a denial out of the store's transaction, so
// that it is audited after the rollback.
type retractionDenial struct{ d enclave.Decision }

func (r *retractionDenial) Error() string { return "retraction refused" }

// retraction decides action on load id inside the store's transaction and
// writes its step.
func (s *Service) retraction(ctx context.Context, actor enclave.Actor, id int64, action, reason string) (LoadState, error) {
	if s.Retractions == nil || s.Authorizer == nil || s.Principals == nil {
		return LoadState{}, enclave.E(enclave.CodeUnavailable, "retractions are not configured on this server; nothing was done")
	}
	var links map[string]enclave.EnrolmentLink
	if action == ActionConfirm {
		var err error
		if links, err = s.Principals.EnrolmentLinks(ctx); err != nil {
			return LoadState{}, err
		}
	}
	var dataset string
	after, err := s.Retractions.Retract(ctx, id, func(l LoadState) (RetractionStep, error) {
		dataset = l.Dataset
		d, err := s.Authorizer.Decide(ctx, retractionInput(actor, action, reason, l, links))
		if err != nil {
			return RetractionStep{}, enclave.Wrap(enclave.CodeUnavailable, "authorisation is unavailable; nothing was done", err)
		}
		if !d.Allow {
			return RetractionStep{}, &retractionDenial{d}
		}
		return s.retractionStep(actor, action, reason, l, d)
	})
	var denied *retractionDenial
	switch {
	case errors.As(err, &denied):
		return LoadState{}, s.refuseRetraction(ctx, actor, action, id, &denied.d, map[string]any{"dataset": dataset},
			&enclave.Error{Code: enclave.CodeForbidden, Message: "the retraction policy does not allow " + action, Reasons: denied.d.Reasons})
	case enclave.ErrorCode(err) == enclave.CodeNotFound:
		return LoadState{}, s.refuseRetraction(ctx, actor, action, id, nil, map[string]any{"refused": "load.unknown"}, err)
	}
	return after, err
}

// retractionInput is the policy input of action on l.
func retractionInput(actor enclave.Actor, action, reason string, l LoadState, links map[string]enclave.EnrolmentLink) enclave.PolicyInput {
	res := enclave.RetractionResource{
		Load:       enclave.LoadRecord{ID: l.ID, Dataset: l.Dataset, LoadedBy: l.LoadedBy, State: l.State()},
		Reason:     reason,
		Enrolments: map[string]enclave.EnrolmentLink{},
	}
	if r := l.Retraction; r != nil {
		res.Retraction = &enclave.RetractionRecord{RequestedBy: r.RequestedBy, ConfirmationRequired: r.ConfirmationRequired}
		for _, id := range []string{actor.Principal.ID, r.RequestedBy} {
			if link, ok := links[id]; ok {
				res.Enrolments[id] = link
			}
		}
	}
	return enclave.PolicyInput{Principal: actor.Principal, Action: action, Resource: res}
}

// retractionObligations are retraction.rego's obligations.
type retractionObligations struct {
	ConfirmationRequired bool   `json:"confirmation_required"`
	StateAfter           string `json:"state_after"`
}

// retractionStep turns an allowed decision into what the store writes.
func (s *Service) retractionStep(actor enclave.Actor, action, reason string, l LoadState, d enclave.Decision) (RetractionStep, error) {
	var o retractionObligations
	raw, _ := json.Marshal(d.Obligations)
	if err := json.Unmarshal(raw, &o); err != nil || (o.StateAfter != StatePending && o.StateAfter != StateRetracted) ||
		(action == ActionConfirm && o.StateAfter != StateRetracted) {
		return RetractionStep{}, enclave.E(enclave.CodeInternal, "the policy allowed "+action+" without a valid state after it")
	}
	now := s.Now().UTC()
	var r Retraction
	if action == ActionRetract {
		r = Retraction{LoadID: l.ID, Dataset: l.Dataset, Reason: reason, RequestedBy: actor.Principal.ID, RequestedAt: now,
			ConfirmationRequired: o.ConfirmationRequired}
	} else {
		r = *l.Retraction
		r.ConfirmedBy, r.ConfirmedAt = actor.Principal.ID, &now
	}
	r.State = o.StateAfter
	body := map[string]any{
		"dataset": l.Dataset, "dataset_version": l.DatasetVersion, "mapping_revision": l.MappingRevision,
		"content_sha256": l.ContentSHA256, "state_before": l.State(), "state_after": r.State,
		"confirmation_required": r.ConfirmationRequired, "requested_by": r.RequestedBy,
	}
	if reason != "" {
		body["reason_hmac"] = s.Audit.FieldHMAC(reason)
	}
	complete := r.State == StateRetracted
	if complete {
		r.RetractedAt = &now
		body["rows_removed"] = l.RowsStored
	}
	ev := s.Audit.Event(actor, audit.Kind(action), "load", fmt.Sprint(l.ID), audit.OutcomeSuccess, &d, body)
	return RetractionStep{After: r, Event: ev, Complete: complete}, nil
}

// refuseRetraction audits a refused retraction action and returns err.
func (s *Service) refuseRetraction(ctx context.Context, actor enclave.Actor, action string, id int64, d *enclave.Decision, body map[string]any, err error) error {
	ev := s.Audit.Event(actor, audit.Kind(action), "load", fmt.Sprint(id), audit.OutcomeDenied, d, body)
	if aerr := s.Audit.Store.Record(ctx, ev); aerr != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the refusal could not be audited", errors.Join(err, aerr))
	}
	return err
}
