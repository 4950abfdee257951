package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	tokens := s.tokens

	op, ok, err := tokens.Bootstrap(ctx, "otto", "", time.Hour)
	if err != nil || !ok {
		t.Fatalf("bootstrap: ok=%v err=%v", ok, err)
	}
	if _, again, err := tokens.Bootstrap(ctx, "other", "", time.Hour); err != nil || again {
		t.Fatalf("second bootstrap: ok=%v err=%v, want no-op", again, err)
	}
	res, err := tokens.Issue(ctx, operator(op.PrincipalID), enclave.TokenRequest{PrincipalID: "alice", Role: enclave.RoleResearcher, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if p, _, err := tokens.Authenticate(ctx, res.Secret); err != nil || p != (enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}) {
		t.Fatalf("authenticate: %v %v", p, err)
	}
	if _, err := tokens.Issue(ctx, operator(op.PrincipalID), enclave.TokenRequest{PrincipalID: "alice", Role: enclave.RoleOperator}); enclave.ErrorCode(err) != enclave.CodeConflict {
		t.Errorf("issuing alice an operator token: %v, want conflict", err)
	}

	s.now = s.now.Add(time.Hour)
	if _, failure, err := tokens.Authenticate(ctx, res.Secret); failure != enclave.AuthExpired || enclave.ErrorCode(err) != enclave.CodeUnauthenticated {
		t.Errorf("expired token: failure=%q err=%v", failure, err)
	}
	s.now = s.now.Add(-time.Minute)
	if _, err := tokens.Revoke(ctx, operator("otto"), res.ID); err != nil {
		t.Fatal(err)
	}
	if _, failure, _ := tokens.Authenticate(ctx, res.Secret); failure != enclave.AuthRevoked {
		t.Errorf("revoked token: failure=%q", failure)
	}
	if _, err := tokens.Revoke(ctx, operator("otto"), res.ID); enclave.ErrorCode(err) != enclave.CodeConflict {
		t.Errorf("second revoke: %v, want conflict", err)
	}
	if _, err := tokens.Revoke(ctx, operator("otto"), "tok_0000000000000000"); enclave.ErrorCode(err) != enclave.CodeNotFound {
		t.Errorf("revoke unknown: %v, want not found", err)
	}
	unknown, _ := enclave.GenerateTokenSecret()
	if _, failure, _ := tokens.Authenticate(ctx, unknown); failure != enclave.AuthUnknown {
		t.Errorf("unknown token: failure=%q", failure)
	}
	list, err := tokens.Store.Tokens(ctx, "alice")
	if err != nil || len(list) != 1 || list[0].RevokedAt == nil {
		t.Errorf("alice's tokens = %+v, %v", list, err)
	}
}

func TestTokenSecretIsNotStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServices(t)
	db := s.db
	issued, _, err := s.tokens.Bootstrap(ctx, "otto", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	err = db.Super(t).QueryRow(ctx, `SELECT EXISTS (SELECT FROM api_tokens t WHERE t::text LIKE '%' || $1 || '%')`, issued.Secret[len(enclave.TokenPrefix):]).Scan(&found)
	if err != nil || found {
		t.Errorf("token secret found in api_tokens: %v %v", found, err)
	}
}
