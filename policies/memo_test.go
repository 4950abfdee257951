package policies

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

func TestMemoReturnsTheSameDecisionAndStaysIntact(t *testing.T) {
	e, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in := enclave.PolicyInput{Principal: enclave.Principal{ID: "rita", Role: enclave.RoleResearcher}, Action: "POST /v1/tokens"}
	first, err := e.Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	first.Reasons[0].Code = "tampered"
	first.Obligations["x"] = 1
	second, err := e.Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := fresh.Decide(context.Background(), in)
	if !reflect.DeepEqual(second, want) {
		t.Errorf("memoised decision %+v differs from a fresh engine's %+v", second, want)
	}
}

func TestMemoIsBounded(t *testing.T) {
	e, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range memoSize + 10 {
		in := enclave.PolicyInput{Principal: enclave.Principal{ID: fmt.Sprintf("p%d", i), Role: enclave.RoleAuditor}, Action: "GET /v1/whoami"}
		if _, err := e.Decide(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.memo.m); n > memoSize {
		t.Errorf("memo holds %d decisions, more than %d", n, memoSize)
	}
}
