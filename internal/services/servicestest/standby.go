package servicestest

import (
	"context"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// QueryOnStandby makes a hot standby of the Env's database and has the
// answer service run its research statements there, as a server given
// ENCLAVE_QUERY_DATABASE_URL does. It returns the standby, to pause or
// stop, and the setting the answers use, falling back to the primary and
// waiting up to a minute (a standby that replays never needs so long),
// for tests to change.
func (e *Env) QueryOnStandby(t testing.TB) (*pgtest.Standby, *postgres.Standby) {
	t.Helper()
	standby := e.DB.NewStandby(t)
	db, err := postgres.OpenStandby(context.Background(), standby.ServiceURL, 4, e.Stored.DB)
	must(t, err)
	t.Cleanup(db.Close)
	sb := &postgres.Standby{DB: db, Wait: time.Minute}
	e.Answers.Runner.(*postgres.QueryStore).Standby = sb
	return standby, sb
}
