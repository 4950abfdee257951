package ingest

import (
	"context"
	"errors"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// Reasons a load is refused or abandoned, as its audit event records them.
// None carries a value from the file.
const (
	RefusedNoKeySource    = "key_source.none"   // no key source is configured
	RefusedUnknownMapping = "mapping.unknown"   // the server has no such mapping
	RefusedMappingDataset = "mapping.dataset"   // the mapping fills another dataset
	RefusedUnknownDataset = "dataset.unknown"   // the catalogue has no such dataset
	RefusedUnreadable     = "file.unreadable"   // not readable as CSV (or gzip) at all
	RefusedHeader         = "file.header"       // the header does not match the mapping
	RefusedDamaged        = "file.damaged"      // the file could not be read to its end
	RefusedChecksum       = "file.sha256"       // the body is not the one announced
	RefusedKeySource      = "key_source.failed" // the key source failed mid-load
	RefusedCancelled      = "load.cancelled"    // the client went away, or the deadline passed
	RefusedStore          = "load.failed"       // the database failed
	// RefusedLoadedOtherwise: a live load holds the same file under
	// another mapping revision; retract it first.
	RefusedLoadedOtherwise = "file.loaded"
)

// refusal marks err, the reason a load was refused or abandoned, with its
// code for the audit log.
type refusal struct {
	code string
	err  error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

func refuse(code string, err error) error { return &refusal{code: code, err: err} }

// refusalCode is the code err was refused with: its own, else one read from
// its cause.
func refusalCode(err error) string {
	var r *refusal
	var damaged *damagedError
	var key *keySourceError
	switch {
	case errors.As(err, &r):
		return r.code
	case errors.As(err, &key):
		return RefusedKeySource
	case errors.As(err, &damaged):
		return RefusedDamaged
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return RefusedCancelled
	}
	return RefusedStore
}

// audited records the refusal of req, for err, and returns err: every load
// attempt leaves an event, refused ones with their reason code and the
// names the operator asked for (recordedNames), never a value from the
// file. A load refused
// as invalid is denied; one that failed (the key source, the database, a
// cancellation) is a failure. If the event cannot be recorded, that is the
// error.
func (s *Service) audited(ctx context.Context, actor enclave.Actor, req Request, err error) error {
	outcome := audit.OutcomeFailure
	if c := enclave.ErrorCode(err); c == enclave.CodeInvalid || c == enclave.CodeNotFound || c == enclave.CodeConflict {
		outcome = audit.OutcomeDenied
	}
	code := refusalCode(err)
	dataset, mapping := s.recordedNames(req)
	ev := s.Audit.Event(actor, loadKind(req.DryRun), "dataset", dataset, outcome, nil,
		map[string]any{"dataset": dataset, "mapping": mapping, "refused": code})
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditAfterTimeout)
	defer cancel()
	if aerr := s.Audit.Store.Record(rctx, ev); aerr != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the load was refused ("+code+") and the refusal could not be audited", errors.Join(err, aerr))
	}
	return err
}

// recordedNames are the dataset and mapping names req asked for, as a
// refusal's event records them: a name the server knows as it is, any
// other (a typing slip, or a value pasted by mistake, even an NHS number)
// only as its audit HMAC, as the log keeps every free text.
func (s *Service) recordedNames(req Request) (dataset, mapping string) {
	dataset, mapping = s.Audit.FieldHMAC(req.Dataset), s.Audit.FieldHMAC(req.Mapping)
	if s.Mappings == nil {
		return dataset, mapping
	}
	ms := s.Mappings()
	if _, ok := ms.Catalogue().Dataset(req.Dataset); ok {
		dataset = req.Dataset
	}
	if _, ok := ms.Get(req.Mapping); ok {
		mapping = req.Mapping
	}
	return dataset, mapping
}
