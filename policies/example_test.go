package policies_test

import (
	"context"
	"fmt"
	"log"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/policies"
)

func ExampleEngine_Decide() {
	ctx := context.Background()
	engine, err := policies.New(ctx)
	if err != nil {
		log.Fatal(err)
	}

	alice := enclave.Principal{ID: "alice", Role: enclave.RoleResearcher}
	for _, action := range []string{"GET /v1/whoami", "GET /v1/principals"} {
		d, err := engine.Decide(ctx, enclave.PolicyInput{Principal: alice, Action: action})
		if err != nil {
			// Fail closed: an error is a denial.
			log.Print(err)
			continue
		}
		fmt.Printf("%s: allow=%v %s: %s\n", action, d.Allow, d.Reasons[0].Code, d.Reasons[0].Message)
	}
	// Output:
	// GET /v1/whoami: allow=true role.permitted: role researcher may perform GET /v1/whoami
	// GET /v1/principals: allow=false role.not_permitted: role researcher may not perform GET /v1/principals
}
