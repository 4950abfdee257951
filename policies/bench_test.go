package policies

import (
	"fmt"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// BenchmarkDecide measures repeated decisions, which the memo answers.
func BenchmarkDecide(b *testing.B) {
	e := newTestEngine(b)
	inputs := map[string]enclave.PolicyInput{
		"route allowed": {Principal: enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}, Action: "GET /v1/whoami"},
		"route denied":  {Principal: enclave.Anonymous, Action: "POST /v1/tokens"},
		"token.revoke":  {Principal: enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}, Action: "token.revoke", Resource: enclave.TokenOwnerResource{OwnerID: "alice"}},
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

// BenchmarkDecideUnmemoised evaluates a new input each time (a new principal
// id), so every call runs OPA.
func BenchmarkDecideUnmemoised(b *testing.B) {
	e := newTestEngine(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		in := enclave.PolicyInput{Principal: enclave.Principal{ID: fmt.Sprintf("p%d", i), Role: enclave.RoleResearcher}, Action: "GET /v1/whoami"}
		if _, err := e.Decide(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
}
