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
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
	"github.com/research-enclave/enclave/pseudonym"
)

// Service loads files into datasets. The HTTP layer authorises the caller
// (operators only); Service checks the request against the catalogue and
// the mappings and records the load.
type Service struct {
	Store Store
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
}

// Report is the answer to a load.
type Report struct {
	Record
	// Duplicate: the same content was loaded into the dataset before, as
	// load ID; nothing was stored now.
	Duplicate bool `json:"duplicate"`
}

// Load streams body into the dataset. Nothing is stored unless the whole
// body is read and every row is either stored or rejected. Every attempt is
// audited: a refused or abandoned one with its reason code (refusal.go).
func (s *Service) Load(ctx context.Context, actor enclave.Actor, req Request, body io.Reader) (Report, error) {
	rep, err := s.load(ctx, actor, req, body)
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
		if prev, found, err := s.Store.FindLoad(ctx, ds.Name, req.SHA256); err != nil || found {
			if err != nil {
				return Report{}, err
			}
			return s.duplicate(ctx, actor, prev)
		}
	}
	sum := sha256.New()
	rd, err := csvsource.Open(io.TeeReader(body, sum), csvsource.Options{Delimiter: m.Delimiter()})
	if err != nil {
		return Report{}, refuse(RefusedUnreadable, enclave.Wrap(enclave.CodeInvalid, "the file cannot be read as CSV: "+err.Error(), err))
	}
	now := s.Now().UTC()
	tr, err := m.Bind(rd.Header(), now)
	if err != nil {
		return Report{}, refuse(RefusedHeader, enclave.Wrap(enclave.CodeInvalid, err.Error(), err))
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
		rec = Record{
			ID: id, Dataset: ds.Name, DatasetVersion: ds.Version, Mapping: m.Name(), MappingVersion: m.Version(),
			MappingRevision: m.Revision(), ContentSHA256: hex.EncodeToString(sum.Sum(nil)),
			KeyVersion: s.Pseudonymiser.KeyVersion(), KeyDev: s.Pseudonymiser.Dev(),
			RowsRead: src.read, RowsStored: src.stored, RowsRejected: src.read - src.stored - src.skipped,
			RejectedByReason: src.byReason, RowsSkipped: src.skipped, SkippedByReason: src.skippedBy,
			Rejects: src.rejects, LoadedAt: now, LoadedBy: actor.Principal.ID,
		}
		if prev, found, err := s.Store.FindLoad(ctx, ds.Name, rec.ContentSHA256); err != nil || found {
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
		return s.duplicate(ctx, actor, dup.prev)
	}
	if errors.Is(err, ErrLoadedBefore) {
		if prev, found, ferr := s.Store.FindLoad(ctx, ds.Name, rec.ContentSHA256); ferr == nil && found {
			return s.duplicate(ctx, actor, prev)
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

// duplicate reports content loaded before, and audits the attempt.
func (s *Service) duplicate(ctx context.Context, actor enclave.Actor, prev Record) (Report, error) {
	ev := s.Audit.Event(actor, audit.KindDatasetLoad, "load", fmt.Sprint(prev.ID), audit.OutcomeSuccess, nil,
		map[string]any{"dataset": prev.Dataset, "content_sha256": prev.ContentSHA256, "duplicate_of": prev.ID})
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Report{}, err
	}
	return Report{Record: prev, Duplicate: true}, nil
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
		return enclave.Wrap(enclave.CodeUnavailable, "the key source failed, so nothing was stored; try again when it is back", err)
	case errors.As(err, &damaged):
		return enclave.Wrap(enclave.CodeInvalid, damaged.Error()+"; nothing was stored", err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return enclave.Wrap(enclave.CodeUnavailable, "the load was cancelled; nothing was stored", err)
	}
	return err
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
