package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// verifyLog exports the whole log and checks it against a fresh checkpoint.
func verifyLog(t *testing.T, s *services) uint64 {
	t.Helper()
	ctx := context.Background()
	signed, err := s.audit.Checkpoint(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(s.vkey)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := audit.OpenCheckpoint(signed, v, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	ver := audit.NewVerifier()
	err = s.audit.Store.Export(ctx, 0, cp.Size, func(b []byte) error { return ver.Add(b) })
	if err != nil {
		t.Fatal(err)
	}
	if err := ver.Check(cp); err != nil {
		t.Fatal(err)
	}
	return cp.Size
}

func TestTokenActionsAreAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	if _, _, err := s.tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	tok, err := s.tokens.Issue(ctx, operator("otto"), enclave.TokenRequest{PrincipalID: "rita", Role: enclave.RoleResearcher})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.tokens.Revoke(ctx, operator("otto"), tok.ID); err != nil {
		t.Fatal(err)
	}
	events, err := s.audit.Store.Events(ctx, enclave.AuditFilter{After: -1, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, ","); got != "token.bootstrap,token.create,token.revoke" {
		t.Errorf("audited kinds = %s", got)
	}
	if events[1].TargetID != tok.ID || events[1].Principal != "otto" || events[1].RequestID != "req-1" {
		t.Errorf("token.create event = %+v", events[1])
	}
	for _, e := range events {
		if strings.Contains(string(e.Body), tok.Secret) {
			t.Errorf("event %d holds the token secret", e.Seq)
		}
	}
	if n := verifyLog(t, s); n != 3 {
		t.Errorf("verified %d events, want 3", n)
	}
	only, err := s.audit.Store.Events(ctx, enclave.AuditFilter{After: -1, Limit: 10, Kind: "token.revoke", Principal: "otto"})
	if err != nil || len(only) != 1 {
		t.Errorf("filtered events = %v, %v", only, err)
	}
}

func TestConcurrentAppendsStayOrdered(t *testing.T) {
	t.Parallel()
	s := newServices(t)
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				actor := enclave.Actor{Principal: enclave.Principal{ID: fmt.Sprintf("w%d", w), Role: enclave.RoleAuditor}}
				errs <- s.audit.Store.Record(context.Background(), s.audit.Event(actor, audit.KindAuditRead, "log", fmt.Sprint(i), audit.OutcomeSuccess, nil, nil))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := verifyLog(t, s); n != writers*each {
		t.Errorf("verified %d events, want %d", n, writers*each)
	}
}

// TestAuditFailureRollsBackTheAction makes the audit insert fail and checks
// that the token it would have recorded does not exist.
func TestAuditFailureRollsBackTheAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	if _, _, err := s.tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	super := s.db.Super(t)
	if _, err := super.Exec(ctx, `
		CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
		CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit();`); err != nil {
		t.Fatal(err)
	}
	_, err := s.tokens.Issue(ctx, operator("otto"), enclave.TokenRequest{PrincipalID: "rita", Role: enclave.RoleResearcher})
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), "audit record could not be written") {
		t.Fatalf("Issue with a failing audit log = %v", err)
	}
	var tokens, principals int
	if err := super.QueryRow(ctx, `SELECT (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM principals WHERE id = 'rita')`).Scan(&tokens, &principals); err != nil {
		t.Fatal(err)
	}
	if tokens != 1 || principals != 0 {
		t.Errorf("after the failed audit: %d tokens (want 1, the bootstrap), %d rita principals (want 0)", tokens, principals)
	}
}

func TestServiceRoleCannotChangeAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	if _, _, err := s.tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.audit.Checkpoint(ctx, false); err != nil {
		t.Fatal(err)
	}
	svc, err := pgx.Connect(ctx, s.db.ServiceURL)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close(ctx)
	for _, stmt := range []string{
		"UPDATE audit_events SET kind = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events",
		"UPDATE audit_checkpoints SET signed = ''", "DELETE FROM audit_checkpoints",
	} {
		if _, err := svc.Exec(ctx, stmt); err == nil {
			t.Errorf("service role could run %q", stmt)
		}
	}
	// Even a role granted the privileges is stopped by the trigger.
	super := s.db.Super(t)
	if _, err := super.Exec(ctx, "GRANT UPDATE, DELETE ON audit_events TO enclave_service"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Exec(ctx, "DELETE FROM audit_events"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("granted DELETE: %v, want the append-only trigger to refuse", err)
	}
}

// TestExportUnderSimpleProtocol exports through a pool in the simple protocol
// (text results, as a pooler like PgBouncer needs): the bytes must still be
// the canonical ones.
func TestExportUnderSimpleProtocol(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	if _, _, err := s.tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	pool, err := postgres.Open(ctx, s.db.ServiceURL+"&default_query_exec_mode=simple_protocol", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := &postgres.AuditStore{DB: pool}
	v := audit.NewVerifier()
	if err := store.Export(ctx, 0, 1, func(b []byte) error { return v.Add(b) }); err != nil || v.Size() != 1 {
		t.Errorf("export under the simple protocol: %d events, %v", v.Size(), err)
	}
}
