package servicestest

import (
	"context"
	"sync/atomic"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// FailRecord makes the audit store refuse (fail true) or accept Record,
// as a database that cannot write would. Actions whose store appends
// their event in their own transaction are not affected.
func (e *Env) FailRecord(fail bool) { e.log.failing.Store(fail) }

// faultyLog is the audit store the services use: the real one, whose
// Record fails while failing is set.
type faultyLog struct {
	*postgres.AuditStore
	failing atomic.Bool
}

var _ enclave.AuditStore = (*faultyLog)(nil)

// ErrRecord is the error of a Record the store refused.
var ErrRecord = enclave.E(enclave.CodeUnavailable, "the audit log refused the write (a test fault)")

func (l *faultyLog) Record(ctx context.Context, ev audit.Event) error {
	if l.failing.Load() {
		return ErrRecord
	}
	return l.AuditStore.Record(ctx, ev)
}
