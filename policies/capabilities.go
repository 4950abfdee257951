package policies

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// forbiddenBuiltins reach outside the process or give a different answer for
// the same input. A decision must depend only on its input and the policy
// text: time comes in through the input (the caller's injected clock), and
// nothing is fetched during a decision. OPA marks most of these as
// non-deterministic, and capabilities drops every builtin so marked; the list
// names them again so that a change of marking in OPA cannot let one back in.
var forbiddenBuiltins = []string{
	"http.send",
	"net.lookup_ip_addr",
	"opa.runtime",
	"time.now_ns",
	"rand.intn",
	"uuid.rfc4122",
}

// capabilities returns this OPA version's capabilities without the forbidden
// and non-deterministic builtins, and with no network host allowed (which
// also stops the type checker from fetching remote JSON schemas).
func capabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	c.Builtins = slices.DeleteFunc(c.Builtins, func(b *ast.Builtin) bool {
		return b.Nondeterministic || slices.Contains(forbiddenBuiltins, b.Name)
	})
	c.AllowNet = []string{}
	return c
}

// newCompiler returns the compiler for the policies: Rego v1, restricted to
// capabilities(), and strict (unused variables and imports are errors). The
// engine and the Rego test runner both use it, so tests compile the policies
// exactly as the service does.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(capabilities()).
		WithDefaultRegoVersion(ast.RegoV1).
		WithStrict(true)
}
