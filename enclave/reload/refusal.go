package reload

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// Reasons a reload is refused, as its audit event records them.
const (
	RefusedFiles  = "reload.files"  // a catalogue or mapping file breaks a rule
	RefusedTables = "reload.tables" // the database lacks a dataset version's table
	RefusedFailed = "reload.failed" // the database could not be asked
)

// refuse audits a reload refused for probs, and returns them all.
func (s *Service) refuse(ctx context.Context, actor enclave.Actor, old *Files, code string, probs []string) error {
	msg := fmt.Sprintf("the catalogue and mappings were not reloaded: %d problems, listed below; the old ones stay in force", len(probs))
	reasons := make([]enclave.Reason, len(probs))
	for i, p := range probs {
		reasons[i] = enclave.Reason{Code: code, Message: p}
	}
	err := &enclave.Error{Code: enclave.CodeInvalid, Message: msg + ":\n" + strings.Join(probs, "\n"), Reasons: reasons}
	return s.audited(ctx, actor, old, audit.OutcomeDenied, code, len(probs), err)
}

// fail audits a reload the database could not check, and returns why.
func (s *Service) fail(ctx context.Context, actor enclave.Actor, old *Files, err error) error {
	return s.audited(ctx, actor, old, audit.OutcomeFailure, RefusedFailed, 0, err)
}

// auditAfterTimeout bounds recording a refusal after the request's own
// context has ended.
const auditAfterTimeout = 5 * time.Second

func (s *Service) audited(ctx context.Context, actor enclave.Actor, old *Files, outcome audit.Outcome, code string, problems int, err error) error {
	ev := s.Audit.Event(actor, audit.KindConfigReload, "catalogue", old.Catalogue.Revision(), outcome, nil,
		map[string]any{"refused": code, "problems": problems, "catalogue_revision": old.Catalogue.Revision()})
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditAfterTimeout)
	defer cancel()
	if aerr := s.Audit.Store.Record(rctx, ev); aerr != nil {
		return enclave.Wrap(enclave.CodeUnavailable, "the reload was refused ("+code+") and the refusal could not be audited", errors.Join(err, aerr))
	}
	return err
}

// lines splits a list of problems, one a line.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
