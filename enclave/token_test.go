package enclave

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestParseToken(t *testing.T) {
	good, err := GenerateTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseToken(good); err != nil {
		t.Fatalf("generated token does not parse: %v", err)
	}
	for name, s := range map[string]string{
		"empty":           "",
		"no prefix":       strings.TrimPrefix(good, TokenPrefix),
		"short":           good[:len(good)-1],
		"long":            good + "A",
		"bad alphabet":    TokenPrefix + strings.Repeat("*", 43),
		"padded base64":   good + "=",
		"other prefix":    "ghp_" + good[len(TokenPrefix):],
		"whitespace":      " " + good,
		"just the prefix": TokenPrefix,
	} {
		_, err := ParseToken(s)
		if ErrorCode(err) != CodeUnauthenticated {
			t.Errorf("%s: ParseToken = %v, want unauthenticated", name, err)
		}
		if err != nil && s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("%s: the error repeats the token", name)
		}
	}
}

func TestIssueValidates(t *testing.T) {
	tokens := &Tokens{Store: nil, Now: time.Now} // validation fails before the store is used
	tests := []struct {
		name string
		req  TokenRequest
		want string
	}{
		{"bad principal", TokenRequest{PrincipalID: "Ann Smith", Role: RoleResearcher}, "principal id"},
		{"empty principal", TokenRequest{PrincipalID: "", Role: RoleResearcher}, "principal id"},
		{"anonymous role", TokenRequest{PrincipalID: "ann", Role: RoleAnonymous}, "unknown role"},
		{"ttl too short", TokenRequest{PrincipalID: "ann", Role: RoleResearcher, TTL: time.Second}, "ttl"},
		{"ttl too long", TokenRequest{PrincipalID: "ann", Role: RoleResearcher, TTL: 400 * 24 * time.Hour}, "ttl"},
		{"long description", TokenRequest{PrincipalID: "ann", Role: RoleResearcher, Description: strings.Repeat("x", 201)}, "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tokens.Issue(context.Background(), Actor{Principal: Principal{ID: "otto", Role: RoleOperator}}, tt.req)
			if ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Issue = %v, want invalid mentioning %q", err, tt.want)
			}
		})
	}
}

func TestAuthenticateWithoutToken(t *testing.T) {
	tokens := &Tokens{Now: time.Now}
	p, failure, err := tokens.Authenticate(context.Background(), "")
	if err != nil || failure != AuthMissing || p != Anonymous {
		t.Errorf("Authenticate(\"\") = %v %q %v, want anonymous", p, failure, err)
	}
	_, failure, err = tokens.Authenticate(context.Background(), "nonsense")
	if failure != AuthMalformed || ErrorCode(err) != CodeUnauthenticated {
		t.Errorf("Authenticate(nonsense) = %q %v", failure, err)
	}
}

func TestTokenHashNeverPrints(t *testing.T) {
	h, _ := ParseToken(TokenPrefix + strings.Repeat("A", 43))
	if s := h.String(); s != "[token hash]" {
		t.Errorf("TokenHash prints as %q", s)
	}
}
