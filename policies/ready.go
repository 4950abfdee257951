package policies

import (
	"context"

	"github.com/research-enclave/enclave/enclave"
)

// readyProbe is a decision whose answer is fixed: anyone may call the
// liveness probe.
var readyProbe = enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /livez"}

// Ready reports whether the engine decides as expected, by evaluating a
// fixed input that must be allowed. The readiness probe (/readyz) calls it.
// It bypasses the memo, which would otherwise answer every probe after the
// first without evaluating anything.
func (e *Engine) Ready(ctx context.Context) error {
	d, err := e.decide(ctx, readyProbe, false)
	if err != nil {
		return err
	}
	if !d.Allow {
		return enclave.E(enclave.CodeUnavailable, "policy engine denies the liveness probe")
	}
	return nil
}
