package policies

import (
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/research-enclave/enclave/enclave"
)

var errUndefined = errors.New("decision is undefined")

// decisionFromResult checks that rs holds exactly one decision of the
// documented shape and converts it. Anything else is an error, so that a
// mistake in a policy denies instead of allowing: unknown keys are rejected
// too, because a misspelt "obligations" would otherwise drop obligations
// silently.
func decisionFromResult(rs rego.ResultSet) (enclave.Decision, error) {
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return enclave.Decision{}, errUndefined
	}
	if len(rs) > 1 || len(rs[0].Expressions) > 1 {
		return enclave.Decision{}, fmt.Errorf("decision has %d results, want 1", len(rs))
	}
	obj, ok := rs[0].Expressions[0].Value.(map[string]any)
	if !ok {
		return enclave.Decision{}, fmt.Errorf("decision is %T, want an object", rs[0].Expressions[0].Value)
	}
	for k := range obj {
		if k != "allow" && k != "reasons" && k != "obligations" {
			return enclave.Decision{}, fmt.Errorf("decision has unknown key %q", k)
		}
	}
	allow, ok := obj["allow"].(bool)
	if !ok {
		return enclave.Decision{}, fmt.Errorf("decision.allow is %T, want a bool", obj["allow"])
	}
	reasons, err := reasonsFrom(obj["reasons"])
	if err != nil {
		return enclave.Decision{}, err
	}
	obligations, ok := obj["obligations"].(map[string]any)
	if !ok {
		return enclave.Decision{}, fmt.Errorf("decision.obligations is %T, want an object", obj["obligations"])
	}
	return enclave.Decision{Allow: allow, Reasons: reasons, Obligations: obligations}, nil
}

// reasonsFrom converts the reasons array. A decision must explain itself, so
// an empty list is an error.
func reasonsFrom(v any) ([]enclave.Reason, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("decision.reasons is %T, want an array", v)
	}
	if len(list) == 0 {
		return nil, errors.New("decision.reasons is empty")
	}
	reasons := make([]enclave.Reason, 0, len(list))
	for i, item := range list {
		obj, ok := item.(map[string]any)
		if !ok || len(obj) != 2 {
			return nil, fmt.Errorf("decision.reasons[%d] is not an object with code and message", i)
		}
		code, _ := obj["code"].(string)
		message, ok := obj["message"].(string)
		if code == "" || !ok {
			return nil, fmt.Errorf("decision.reasons[%d] needs a non-empty string code and a string message", i)
		}
		reasons = append(reasons, enclave.Reason{Code: code, Message: message})
	}
	return reasons, nil
}
