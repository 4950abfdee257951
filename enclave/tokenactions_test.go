package enclave_test

import (
	"context"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// tokenOf returns the one live token of actor's principal, and actor
// asking with it.
func tokenOf(t *testing.T, e *st.Env, actor enclave.Actor) (enclave.Token, enclave.Actor) {
	t.Helper()
	toks, err := e.Tokens.List(context.Background(), st.Otto, actor.Principal.ID)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens of %s = %+v, %v; want one", actor.Principal.ID, toks, err)
	}
	actor.Token = toks[0].ID
	return toks[0], actor
}

// deniedEvents returns the access.denied events of action by actor.
func deniedEvents(t *testing.T, e *st.Env, actor enclave.Actor, action string) []audit.Event {
	t.Helper()
	return e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAccessDenied), TargetID: action, Principal: actor.Principal.ID})
}

func TestTokensCreateDecidesWhomATokenIsFor(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	parent, researcher := tokenOf(t, e, st.Researcher)
	for _, tt := range []struct {
		name      string
		actor     enclave.Actor
		req       enclave.TokenRequest
		want      enclave.Code // "" when issued
		enrolment enclave.EnrolmentState
		parent    string
	}{
		{"operator enrols a researcher", st.Otto, enclave.TokenRequest{PrincipalID: "newbie-1", Role: enclave.RoleResearcher}, "", "", ""},
		{"operator enrols an officer, pending", st.Otto, enclave.TokenRequest{PrincipalID: "gov-new", Role: enclave.RoleGovernance}, "", enclave.EnrolmentPending, ""},
		{"researcher mints its own", researcher, enclave.TokenRequest{PrincipalID: "researcher-1", Role: enclave.RoleResearcher, TTL: time.Hour}, "", "", parent.ID},
		{"researcher for another", researcher, enclave.TokenRequest{PrincipalID: "lead-1", Role: enclave.RoleResearcher}, enclave.CodeForbidden, "", ""},
		{"researcher enrols someone", researcher, enclave.TokenRequest{PrincipalID: "friend-1", Role: enclave.RoleResearcher}, enclave.CodeForbidden, "", ""},
		{"unknown role", st.Otto, enclave.TokenRequest{PrincipalID: "newbie-2", Role: "admin"}, enclave.CodeInvalid, "", ""},
		{"bad principal id", st.Otto, enclave.TokenRequest{PrincipalID: "Not Valid", Role: enclave.RoleResearcher}, enclave.CodeInvalid, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(deniedEvents(t, e, tt.actor, "token.issue"))
			issued, err := e.Tokens.Create(context.Background(), tt.actor, tt.req)
			if tt.want != "" {
				if enclave.ErrorCode(err) != tt.want {
					t.Fatalf("Create = %v, want %s", err, tt.want)
				}
				if denied := len(deniedEvents(t, e, tt.actor, "token.issue")) - before; denied != map[bool]int{true: 1}[tt.want == enclave.CodeForbidden] {
					t.Errorf("%d refusals audited, want one for a policy refusal only", denied)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if issued.Enrolment != tt.enrolment || issued.ParentID != tt.parent || issued.PrincipalID != tt.req.PrincipalID {
				t.Errorf("issued %+v, want enrolment %q, parent %q", issued.Token, tt.enrolment, tt.parent)
			}
			if evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindTokenCreate), TargetID: issued.ID}); len(evs) != 1 || evs[0].Principal != tt.actor.Principal.ID {
				t.Errorf("token.create events = %+v, want one by %s", evs, tt.actor.Principal.ID)
			}
		})
	}
}

func TestTokensListShowsOthersOnlyToOperators(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	for _, tt := range []struct {
		name  string
		actor enclave.Actor
		asked string
		owner string
	}{
		{"operator, one principal", st.Otto, "lead-1", "lead-1"},
		{"researcher, another principal", st.Researcher, "lead-1", "researcher-1"},
		{"researcher, everyone", st.Researcher, "", "researcher-1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := e.Tokens.List(context.Background(), tt.actor, tt.asked)
			if err != nil || len(toks) == 0 {
				t.Fatalf("List = %v, %v", toks, err)
			}
			for _, tok := range toks {
				if tok.PrincipalID != tt.owner {
					t.Errorf("listed a token of %s, want only %s's", tok.PrincipalID, tt.owner)
				}
			}
		})
	}
}

func TestTokensRevokeDecidesOnTheOwner(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	lead, _ := tokenOf(t, e, st.Lead)
	if _, err := e.Tokens.Revoke(ctx, st.Researcher, lead.ID); enclave.ErrorCode(err) != enclave.CodeForbidden {
		t.Fatalf("researcher revoking the lead's token = %v, want forbidden", err)
	}
	if n := len(deniedEvents(t, e, st.Researcher, "token.revoke")); n != 1 {
		t.Errorf("%d refusals of token.revoke audited, want 1", n)
	}
	if toks, _ := e.Tokens.List(ctx, st.Lead, ""); len(toks) != 1 || toks[0].RevokedAt != nil {
		t.Fatalf("the lead's token after a refused revocation: %+v", toks)
	}
	if _, err := e.Tokens.Revoke(ctx, st.Researcher, "tok_0000000000000000"); enclave.ErrorCode(err) != enclave.CodeNotFound {
		t.Errorf("revoking an unknown token = %v, want not found", err)
	}
	revoked, err := e.Tokens.Revoke(ctx, st.Lead, lead.ID)
	if err != nil || len(revoked) != 1 || revoked[0].ID != lead.ID {
		t.Fatalf("the owner revoking its token = %+v, %v", revoked, err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindTokenRevoke), TargetID: lead.ID})
	if len(evs) != 1 || evs[0].Principal != "lead-1" || evs[0].Decision == nil || !evs[0].Decision.Allow {
		t.Errorf("token.revoke events = %+v, want one by lead-1 with the policy's decision", evs)
	}
}

func TestTokensRevokePrincipal(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	if _, err := e.Tokens.RevokePrincipal(ctx, st.Researcher, "lead-1"); enclave.ErrorCode(err) != enclave.CodeForbidden {
		t.Errorf("researcher revoking the lead's tokens = %v, want forbidden", err)
	}
	if _, err := e.Tokens.RevokePrincipal(ctx, st.Otto, "Not Valid"); enclave.ErrorCode(err) != enclave.CodeInvalid {
		t.Errorf("revoking the tokens of a malformed id = %v, want invalid", err)
	}
	revoked, err := e.Tokens.RevokePrincipal(ctx, st.Otto, "lead-1")
	if err != nil || len(revoked) != 1 || revoked[0].PrincipalID != "lead-1" {
		t.Fatalf("operator revoking the lead's tokens = %+v, %v", revoked, err)
	}
	if evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindTokenRevoke), TargetID: revoked[0].ID}); len(evs) != 1 {
		t.Errorf("token.revoke events = %+v, want one", evs)
	}
}
