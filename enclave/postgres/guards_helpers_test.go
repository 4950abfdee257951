package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// guardEnv is a database with the principals the state guard tests need
// (researchers r1 and r2, governance officers g1, g2 and g3, operator op)
// and one session as the service role, in which an attacker holding that
// role tries to change what the guards protect.
type guardEnv struct {
	*services
	super   *pgx.Conn
	service *pgx.Conn
}

func newGuardEnv(t *testing.T) *guardEnv {
	t.Helper()
	e := &guardEnv{services: newServices(t)}
	e.super = e.db.Super(t)
	ctx := context.Background()
	if _, err := e.super.Exec(ctx, `INSERT INTO principals (id, role, created_at) VALUES
		('r1', 'researcher', now()), ('r2', 'researcher', now()), ('g1', 'governance', now()),
		('g2', 'governance', now()), ('g3', 'governance', now()), ('op', 'operator', now())`); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.service, err = pgx.Connect(ctx, e.db.ServiceURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.service.Close(context.Background()) })
	return e
}

// exec runs statements as the service role in one transaction.
func (e *guardEnv) exec(stmts ...string) error {
	ctx := context.Background()
	return pgx.BeginFunc(ctx, e.service, func(tx pgx.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// refused wants err to be the guard's refusal (insufficient_privilege).
func refused(t *testing.T, what string, err error) {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42501" {
		t.Errorf("%s: %v, want it refused (insufficient_privilege)", what, err)
	}
}

// audited records an event as the service role would: by who, of kind,
// with outcome success, about target.
func (e *guardEnv) audited(t *testing.T, who string, kind audit.Kind, targetType, targetID string, body map[string]any) {
	t.Helper()
	actor := enclave.Actor{Principal: enclave.Principal{ID: who, Role: enclave.RoleGovernance}}
	if err := e.audit.Store.Record(context.Background(), e.audit.Event(actor, kind, targetType, targetID, audit.OutcomeSuccess, nil, body)); err != nil {
		t.Fatal(err)
	}
}

// state reads a row's state as the superuser.
func (e *guardEnv) state(t *testing.T, table, id string) string {
	t.Helper()
	var s string
	if err := e.super.QueryRow(context.Background(), `SELECT state FROM `+pgx.Identifier{table}.Sanitize()+` WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
