package policies

import (
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

func BenchmarkDecide(b *testing.B) {
	e := newTestEngine(b)
	inputs := map[string]enclave.PolicyInput{
		"route allowed": {Principal: enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}, Action: "GET /v1/whoami"},
		"route denied":  {Principal: enclave.Anonymous, Action: "POST /v1/tokens"},
		"token.revoke":  {Principal: enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}, Action: "token.revoke", Resource: map[string]any{"owner_id": "alice"}},
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Decide(b.Context(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
