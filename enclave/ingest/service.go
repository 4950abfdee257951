package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/mapping"
	"github.com/research-enclave/enclave/pseudonym"
)

// Service loads files into datasets, and retracts loads. The HTTP layer
// authorises the caller of a load (operators only); Service checks the
// request against the catalogue and the mappings and records the load. A
// retraction is decided by the governance policy (retract.go).
type Service struct {
	Store Store
	// Retractions, Authorizer and Principals (who enrolled whom, for four
	// eyes) serve retractions; without them a retraction is refused.
	Retractions RetractionStore
	Authorizer  enclave.Authorizer
	Principals  enclave.EnrolmentLinks
	// Mappings returns the mappings in force, with the catalogue they were
	// validated against. A load reads it once, at its start, so that a
	// reload never changes either under it.
	Mappings func() *Mappings
	// Pseudonymiser is the key source; nil when none is configured, and
	// then every load is refused.
	Pseudonymiser pseudonym.Pseudonymiser
	Audit         *enclave.Audit
	Now           func() time.Time
	BatchSize     int // rows pseudonymised per call; 0 means DefaultBatchSize
}

// DefaultBatchSize is the rows pseudonymised per call of the key source:
// Vault transit takes them as several batch_input requests in flight.
const DefaultBatchSize = 8192

// Request names what to load.
type Request struct {
	Dataset string
	Mapping string
	// SHA256 is the hex SHA-256 of the body the client says it sends, or
	// "". With it, content loaded before is recognised before any of it
	// is read; without it, only at the end. A body that does not match is
	// refused.
	SHA256 string
	// DryRun reads, checks and maps the whole body as a load would, and
	// stores nothing but the audit event of the check (dryrun.go).
	DryRun bool
}

// Report is the answer to a load.
type Report struct {
	Record
	// Duplicate: the same content was loaded into the dataset before, as
	// load ID; nothing was stored now.
	Duplicate bool `json:"duplicate"`
	// DryRun: nothing was stored; RowsStored is what a load would store.
	DryRun bool `json:"dry_run,omitempty"`
}

// Load streams body into the dataset. Nothing is stored unless the whole
// body is read and every row is either stored or rejected. Every attempt is
// audited: a refused or abandoned one with its reason code (refusal.go).
func (s *Service) Load(ctx context.Context, actor enclave.Actor, req Request, body io.Reader) (Report, error) {
	do := s.load
	if req.DryRun {
		do = s.dryRun
	}
	rep, err := do(ctx, actor, req, body)
	if err != nil {
		return Report{}, s.audited(ctx, actor, req, err)
	}
	return rep, nil
}

// auditAfterTimeout bounds recording a refusal after the request's own
// context has ended.
const auditAfterTimeout = 5 * time.Second

func (s *Service) load(ctx context.Context, actor enclave.Actor, req Request, body io.Reader) (Report, error) {
	if s.Pseudonymiser == nil {
		return Report{}, refuse(RefusedNoKeySource, enclave.E(enclave.CodeUnavailable, "no key source is configured (ENCLAVE_KEY_SOURCE), so nothing can be pseudonymised"))
	}
	m, ds, err := resolve(s.Mappings(), req)
	if err != nil {
		return Report{}, err
	}
	if req.SHA256 != "" {
		if prev, found, err := s.Store.FindLoad(ctx, ds.Name, ds.Version, req.SHA256); err != nil || found {
			if err != nil {
				return Report{}, err
			}
			return s.loadedBefore(ctx, actor, prev, m, false)
		}
	}
	sum := sha256.New()
	now := s.Now().UTC()
	rd, tr, err := open(m, io.TeeReader(body, sum), now)
	if err != nil {
		return Report{}, err
	}
	var src *rowSource
	var rec Record
	target := Target{Dataset: ds.Name, Version: ds.Version, Columns: append([]string{m.Person()}, m.Columns()...)}
	err = s.Store.Load(ctx, target, func(id int64) Rows {
		src = newRowSource(ctx, rd, tr, s.Pseudonymiser, id, orDefault(s.BatchSize, DefaultBatchSize))
		return src
	}, func(id int64) (Record, audit.Event, error) {
		if err := finishBody(body, sum, req.SHA256); err != nil {
			return Record{}, audit.Event{}, err
		}
		finished := s.Now().UTC()
		rec = Record{
			ID: id, Dataset: ds.Name, DatasetVersion: ds.Version, Mapping: m.Name(), MappingVersion: m.Version(),
			MappingRevision: m.Revision(), ContentSHA256: hex.EncodeToString(sum.Sum(nil)),
			KeyVersion: s.Pseudonymiser.KeyVersion(), KeyDev: s.Pseudonymiser.Dev(),
			RowsRead: src.read, RowsStored: src.stored, RowsRejected: src.read - src.stored - src.skipped,
			RejectedByReason: src.byReason, RowsSkipped: src.skipped, SkippedByReason: src.skippedBy,
			Rejects: src.rejects, LoadedAt: now, LoadedBy: actor.Principal.ID, FinishedAt: &finished,
		}
		if prev, found, err := s.Store.FindLoad(ctx, ds.Name, ds.Version, rec.ContentSHA256); err != nil || found {
			if err == nil {
				err = &duplicateError{prev}
			}
			return Record{}, audit.Event{}, err
		}
		return rec, s.Audit.Event(actor, audit.KindDatasetLoad, "load", fmt.Sprint(id), audit.OutcomeSuccess, nil, loadBody(rec)), nil
	})
	if err != nil && src != nil && src.err != nil {
		// pgx hands the source's error to the server, which returns its
		// own: the cause is the source's.
		err = src.err
	}
	var dup *duplicateError
	if errors.As(err, &dup) {
		return s.loadedBefore(ctx, actor, dup.prev, m, false)
	}
	if errors.Is(err, ErrLoadedBefore) {
		if prev, found, ferr := s.Store.FindLoad(ctx, ds.Name, ds.Version, rec.ContentSHA256); ferr == nil && found {
			return s.loadedBefore(ctx, actor, prev, m, false)
		}
	}
	if err != nil {
		return Report{}, loadError(err)
	}
	return Report{Record: rec}, nil
}

// resolve finds the mapping in ms and the dataset it fills.
func resolve(ms *Mappings, req Request) (*mapping.Mapping, *catalogue.Dataset, error) {
	m, ok := ms.Get(req.Mapping)
	if !ok {
		return nil, nil, refuse(RefusedUnknownMapping, enclave.E(enclave.CodeNotFound, fmt.Sprintf("no mapping %q: the server has %v", req.Mapping, ms.Names())))
	}
	if m.Dataset() != req.Dataset {
		return nil, nil, refuse(RefusedMappingDataset, enclave.E(enclave.CodeInvalid, fmt.Sprintf("mapping %q fills dataset %q, not %q", req.Mapping, m.Dataset(), req.Dataset)))
	}
	ds, ok := ms.Catalogue().Dataset(req.Dataset)
	if !ok {
		return nil, nil, refuse(RefusedUnknownDataset, enclave.E(enclave.CodeNotFound, fmt.Sprintf("no dataset %q in the catalogue", req.Dataset)))
	}
	return m, ds, nil
}

// finishBody reads what the CSV reader left of the body (nothing, for a
// well-formed file) into the hash, and checks the hash the client gave.
func finishBody(body io.Reader, sum hash.Hash, want string) error {
	if _, err := io.Copy(sum, body); err != nil {
		return &damagedError{err}
	}
	if got := hex.EncodeToString(sum.Sum(nil)); want != "" && got != want {
		return refuse(RefusedChecksum, enclave.E(enclave.CodeInvalid, "the body's SHA-256 is "+got+", not the "+want+" the request announced; nothing was stored"))
	}
	return nil
}

// loadedBefore answers a file that a live load, prev, holds in the
// dataset version already (for a load, or a dry run of one): under the
// same mapping revision there is nothing to do; under another, the file's
// people would be in the dataset twice, so prev must be retracted first.
func (s *Service) loadedBefore(ctx context.Context, actor enclave.Actor, prev Record, m *mapping.Mapping, dryRun bool) (Report, error) {
	if prev.MappingRevision == m.Revision() {
		return s.duplicate(ctx, actor, prev, dryRun)
	}
	return Report{}, refuse(RefusedLoadedOtherwise, enclave.E(enclave.CodeConflict, fmt.Sprintf(
		"this file is in dataset %s already, as load %d under another revision of mapping %s; retract load %d first (enclave load retract %d --reason ...), then load the file again; nothing was stored",
		prev.Dataset, prev.ID, prev.Mapping, prev.ID, prev.ID)))
}

// duplicate reports content loaded before, and audits the attempt (a load,
// or a dry run of one).
func (s *Service) duplicate(ctx context.Context, actor enclave.Actor, prev Record, dryRun bool) (Report, error) {
	ev := s.Audit.Event(actor, loadKind(dryRun), "load", fmt.Sprint(prev.ID), audit.OutcomeSuccess, nil,
		map[string]any{"dataset": prev.Dataset, "content_sha256": prev.ContentSHA256, "duplicate_of": prev.ID})
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Report{}, err
	}
	return Report{Record: prev, Duplicate: true, DryRun: dryRun}, nil
}

// loadKind is the audit kind of a load, or of a dry run of one.
func loadKind(dryRun bool) audit.Kind {
	if dryRun {
		return audit.KindDatasetCheck
	}
	return audit.KindDatasetLoad
}

// loadBody is what the audit log keeps of a load: counts, never values.
func loadBody(r Record) map[string]any {
	return map[string]any{
		"dataset": r.Dataset, "dataset_version": r.DatasetVersion, "mapping": r.Mapping,
		"mapping_revision": r.MappingRevision, "content_sha256": r.ContentSHA256,
		"key_version": r.KeyVersion, "key_dev": r.KeyDev, "rows_read": r.RowsRead,
		"rows_stored": r.RowsStored, "rows_rejected": r.RowsRejected, "rejected_by_reason": counts(r.RejectedByReason),
		"rows_skipped": r.RowsSkipped, "skipped_by_reason": counts(r.SkippedByReason),
	}
}

// counts converts counts by reason into the audit body's form.
func counts(byReason map[string]int64) map[string]any {
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(byReason)) {
		out[k] = byReason[k]
	}
	return out
}

type duplicateError struct{ prev Record }

func (e *duplicateError) Error() string {
	return "content loaded before as load " + fmt.Sprint(e.prev.ID)
}

// loadError classifies why a load was abandoned; in every case nothing was
// stored.
func loadError(err error) error {
	var damaged *damagedError
	var key *keySourceError
	switch {
	case errors.As(err, &key):
		return enclave.Wrap(enclave.CodeUnavailable, "the key source failed"+why(err)+", so nothing was stored; try again when it is back", err)
	case errors.As(err, &damaged):
		return enclave.Wrap(enclave.CodeInvalid, damaged.Error()+"; nothing was stored", err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return enclave.Wrap(enclave.CodeUnavailable, "the load was cancelled; nothing was stored", err)
	}
	return err
}

// why is the reason a key source gave for failing, in parentheses, or "".
func why(err error) string {
	var se *pseudonym.SourceError
	if errors.As(err, &se) {
		return " (" + se.Why + ")"
	}
	return ""
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
