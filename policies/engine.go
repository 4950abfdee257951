package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
)

// decisionQuery is the one query the engine evaluates.
const decisionQuery = "data.enclave.authz.decision"

// ReasonPolicyError is the reason code of the denial Decide returns when the
// policy could not decide (see Decide).
const ReasonPolicyError = "policy.error"

// Engine evaluates the embedded policies in process. The query is compiled
// and prepared once, in New; Decide only evaluates. An Engine is safe for
// concurrent use.
type Engine struct {
	prepared  rego.PreparedEvalQuery
	revision  string
	memo      memo
	decisions *prometheus.CounterVec
}

var _ enclave.Authorizer = (*Engine)(nil)

// New compiles the policies embedded in the binary and prepares the decision
// query. It fails if a policy does not parse or compile, including when it
// calls a builtin outside the restricted capabilities.
func New(ctx context.Context) (*Engine, error) {
	return newEngine(ctx, embedded)
}

// newEngine builds an engine from the .rego files at the root of fsys,
// leaving out *_test.rego files. Tests use it to compile other policies.
func newEngine(ctx context.Context, fsys fs.FS) (*Engine, error) {
	b, err := loadBundle(fsys)
	if err != nil {
		return nil, fmt.Errorf("policy engine: %w", err)
	}
	modules, err := parseModules(b.policies)
	if err != nil {
		return nil, fmt.Errorf("policy engine: %w", err)
	}
	compiler := newCompiler()
	if compiler.Compile(modules); compiler.Failed() {
		return nil, fmt.Errorf("policy engine: compile policies: %w", compiler.Errors)
	}
	prepared, err := rego.New(
		rego.Query(decisionQuery),
		rego.Compiler(compiler),
		rego.SetRegoVersion(ast.RegoV1),
		// A builtin error (say, a type error in sprintf) aborts the
		// decision instead of quietly making one rule undefined, which
		// could drop a denial.
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("policy engine: prepare %s: %w", decisionQuery, err)
	}
	return &Engine{prepared: prepared, revision: b.revision(), decisions: decisionCounter()}, nil
}

// Revision is the content hash of the policy files the engine evaluates,
// "sha256:" followed by 64 hex digits. It changes when any policy changes.
func (e *Engine) Revision() string { return e.revision }

// Decide evaluates the policy for in. It fails closed: when the policy cannot
// give a well-formed decision (cancelled context, evaluation error, undefined
// or malformed decision), Decide returns a denial with the single reason
// ReasonPolicyError and a non-nil *enclave.Error. It never panics.
func (e *Engine) Decide(ctx context.Context, in enclave.PolicyInput) (d enclave.Decision, err error) {
	if e == nil {
		return failClosed(""), enclave.E(enclave.CodeInternal, "policy engine is not configured")
	}
	defer func() {
		if r := recover(); r != nil {
			d = failClosed(e.revision)
			err = enclave.Wrap(enclave.CodeInternal, "policy evaluation failed", fmt.Errorf("panic: %v", r))
		}
		e.count(in, d, err)
	}()
	d, err = e.decide(ctx, in, true)
	if err != nil {
		return failClosed(e.revision), err
	}
	return d, nil
}

// decide evaluates in, answering from the memo when memoised allows it.
func (e *Engine) decide(ctx context.Context, in enclave.PolicyInput, memoised bool) (enclave.Decision, error) {
	// Checked first because OPA notices cancellation asynchronously: a small
	// policy can finish before it does.
	if err := ctx.Err(); err != nil {
		return enclave.Decision{}, enclave.Wrap(enclave.CodeUnavailable, "policy decision abandoned", err)
	}
	// The input is marshalled once: its JSON, shaped by the struct tags of
	// enclave.PolicyInput and its typed resources, is the memo key and,
	// on a miss, is read straight into an OPA value (numbers without loss).
	key, err := json.Marshal(in)
	if err != nil {
		return enclave.Decision{}, enclave.Wrap(enclave.CodeInternal, "policy input cannot be encoded", err)
	}
	if d, ok := e.memo.get(key); ok && memoised {
		return d, nil
	}
	input, err := ast.ValueFromReader(bytes.NewReader(key))
	if err != nil {
		return enclave.Decision{}, enclave.Wrap(enclave.CodeInternal, "policy input cannot be encoded", err)
	}
	rs, err := e.prepared.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return enclave.Decision{}, enclave.Wrap(enclave.CodeUnavailable, "policy decision abandoned", errors.Join(ctxErr, err))
		}
		return enclave.Decision{}, enclave.Wrap(enclave.CodeInternal, "policy evaluation failed", err)
	}
	d, err := decisionFromResult(rs)
	if err != nil {
		return enclave.Decision{}, enclave.Wrap(enclave.CodeInternal, "policy returned no valid decision", err)
	}
	d.Revision = e.revision
	e.memo.put(key, d)
	return d, nil
}

// failClosed is the decision returned when the policy could not decide.
func failClosed(revision string) enclave.Decision {
	return enclave.Decision{
		Allow: false,
		Reasons: []enclave.Reason{{
			Code:    ReasonPolicyError,
			Message: "the policy engine could not reach a decision, so the action is denied",
		}},
		Obligations: map[string]any{},
		Revision:    revision,
	}
}
