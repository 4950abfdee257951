package reload

import (
	"context"
	"sync"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

// Service reloads the files. The HTTP layer authorises an operator's call
// (operators only); a SIGHUP comes from whoever may signal the process, and
// is recorded as the system's (enclave.SystemActor).
type Service struct {
	Current *Current
	// Read reads the files anew. Its error lists every problem in them,
	// one a line, each naming its file and line.
	Read   func() (*Files, error)
	Tables Tables
	Audit  *enclave.Audit

	mu sync.Mutex // one reload at a time, so that "old" is what it replaces
}

// Tables checks that the database holds a table, with the declared
// columns, for every dataset version; postgres.DatasetTables does.
type Tables interface {
	Check(ctx context.Context, datasets []*catalogue.Dataset) (problems []string, err error)
}

// Reload re-reads the files and puts them in force once they are valid and
// their reload is audited. Otherwise the old files stay, the refusal is
// audited with its reason code and how many problems (never their text),
// and the error lists every problem.
func (s *Service) Reload(ctx context.Context, actor enclave.Actor) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.Current.Files()
	next, err := s.Read()
	if err != nil {
		return Result{}, s.refuse(ctx, actor, old, RefusedFiles, lines(err.Error()))
	}
	probs, err := s.Tables.Check(ctx, next.Catalogue.Datasets())
	if err != nil {
		return Result{}, s.fail(ctx, actor, old, err)
	}
	if len(probs) > 0 {
		return Result{}, s.refuse(ctx, actor, old, RefusedTables, probs)
	}
	res := compare(old, next)
	ev := s.Audit.Event(actor, audit.KindConfigReload, "catalogue", next.Catalogue.Revision(), audit.OutcomeSuccess, nil, res.auditBody())
	// In force only once its audit record is committed.
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Result{}, enclave.Wrap(enclave.CodeUnavailable, "the reload could not be audited, so the old files stay in force", err)
	}
	s.Current.p.Store(next)
	return res, nil
}
