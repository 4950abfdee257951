package policies

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
)

// decisionCounter counts every decision the engine makes, whichever
// service asked: by action (an action name or a route pattern, both
// fixed in code) and outcome (allow, deny, error). Never by principal or
// any value from a request.
func decisionCounter() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "enclave_policy_decisions_total",
		Help: "Policy decisions by action and outcome (allow, deny, error).",
	}, []string{"action", "outcome"})
}

// count records one decision.
func (e *Engine) count(in enclave.PolicyInput, d enclave.Decision, err error) {
	outcome := "deny"
	switch {
	case err != nil:
		outcome = "error"
	case d.Allow:
		outcome = "allow"
	}
	e.decisions.WithLabelValues(in.Action, outcome).Inc()
}

// Collector is the engine's decision counter, for the server's metrics
// registry.
func (e *Engine) Collector() prometheus.Collector { return e.decisions }
