package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// dryRun reads, checks and maps the whole of body as a load of req would,
// and reports what the load would store and reject, by reason. It stores
// nothing but its audit event (dataset.check), and needs no key source:
// identifiers are checked, never pseudonymised. Content loaded before is
// reported as a load would report it: a duplicate, or a file to retract
// first.
func (s *Service) dryRun(ctx context.Context, actor enclave.Actor, req Request, body io.Reader) (Report, error) {
	m, ds, err := resolve(s.Mappings(), req)
	if err != nil {
		return Report{}, err
	}
	if req.SHA256 != "" {
		if prev, found, err := s.Store.FindLoad(ctx, ds.Name, ds.Version, req.SHA256); err != nil || found {
			if err != nil {
				return Report{}, err
			}
			return s.loadedBefore(ctx, actor, prev, m, true)
		}
	}
	sum := sha256.New()
	now := s.Now().UTC()
	c, err := Check(ctx, m, io.TeeReader(body, sum), now)
	if err == nil {
		err = finishBody(body, sum, req.SHA256)
	}
	if err != nil {
		return Report{}, loadError(err) // finishBody's damaged body; Check's are classified already
	}
	rec := Record{
		Dataset: ds.Name, DatasetVersion: ds.Version, Mapping: m.Name(), MappingVersion: m.Version(),
		MappingRevision: m.Revision(), ContentSHA256: hex.EncodeToString(sum.Sum(nil)),
		RowsRead: c.RowsRead, RowsStored: c.RowsValid, RowsRejected: c.RowsRejected, RejectedByReason: c.RejectedByReason,
		RowsSkipped: c.RowsSkipped, SkippedByReason: c.SkippedByReason, Rejects: c.Rejects, LoadedAt: now, LoadedBy: actor.Principal.ID,
	}
	if prev, found, err := s.Store.FindLoad(ctx, ds.Name, ds.Version, rec.ContentSHA256); err != nil || found {
		if err != nil {
			return Report{}, err
		}
		return s.loadedBefore(ctx, actor, prev, m, true)
	}
	b := loadBody(rec)
	b["dry_run"] = true
	delete(b, "key_version") // no key was used
	delete(b, "key_dev")
	ev := s.Audit.Event(actor, audit.KindDatasetCheck, "dataset", ds.Name, audit.OutcomeSuccess, nil, b)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Report{}, enclave.Wrap(enclave.CodeUnavailable, fmt.Sprintf("the dry run of %s could not be audited, so its report is not shown", ds.Name), err)
	}
	return Report{Record: rec, DryRun: true}, nil
}
