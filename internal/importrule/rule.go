// Package importrule states which packages may import the enclave's
// adapters and the libraries behind them, and finds the Go files that break
// those rules. Its test holds the whole module to them, so that a storage,
// HTTP, policy or Vault library cannot leak into the domain, where the
// privacy rules live, without a test failing (docs/architecture.md).
package importrule

import (
	"fmt"
	"strings"
)

// A Rule confines the packages at and below Import to the packages in the
// directories Within and below them.
type Rule struct {
	Import string   // an import path; the rule covers the paths below it too
	Within []string // directories of the module, relative to its root, slash-separated
	// Tests lets test files anywhere import it too: the tests that wire
	// real parts together.
	Tests bool
	Why   string
}

// Rules are the module's import rules. Third-party adapters' libraries stay
// in their adapter, tests included: a test elsewhere that must reach the
// database around the service does it through enclave/postgres/pgtest. The
// adapters themselves are imported only where the service is wired
// (cmd/, internal/) and by tests, never by the domain.
func Rules(module string) []Rule {
	wiring := func(dir, why string) Rule {
		return Rule{Import: module + "/" + dir, Within: []string{dir, "cmd", "internal"}, Tests: true, Why: why}
	}
	return []Rule{
		{Import: "github.com/jackc", Within: []string{"enclave/postgres"}, Why: "pgx and SQL live in the store"},
		{Import: "github.com/go-chi", Within: []string{"enclave/httpapi"}, Why: "routing lives in the HTTP adapter"},
		{Import: "github.com/open-policy-agent", Within: []string{"policies"}, Why: "OPA lives in the policy engine"},
		{Import: "github.com/hashicorp/vault", Within: []string{"pseudonym/vault"}, Why: "Vault's client lives in the Vault key sources"},
		{Import: "helm.sh", Within: []string{"deploy"}, Why: "helm is the deployment tests' tool, never part of the service"},
		{Import: "k8s.io", Within: []string{"deploy"}, Why: "Kubernetes types check the chart in deploy's tests only"},
		{Import: "sigs.k8s.io", Within: []string{"deploy"}, Why: "Kubernetes types check the chart in deploy's tests only"},
		wiring("enclave/postgres", "the domain does not depend on its store"),
		wiring("enclave/httpapi", "the domain does not depend on its HTTP interface"),
		wiring("policies", "the domain asks for decisions through its own interfaces"),
		wiring("pseudonym/vault", "the domain does not depend on where keys are kept"),
	}
}

// File is the imports of one Go file.
type File struct {
	Path    string // relative to the module root, slash-separated
	Imports []string
}

// Violation is a file importing what a rule keeps out of it.
type Violation struct {
	File, Import string
	Rule         Rule
}

func (v Violation) String() string {
	return fmt.Sprintf("%s imports %s, which only %s may import: %s", v.File, v.Import, strings.Join(v.Rule.Within, ", "), v.Rule.Why)
}

// Find returns the imports of files that rules forbid, in order.
func Find(rules []Rule, files []File) []Violation {
	var out []Violation
	for _, f := range files {
		dir, test := "", strings.HasSuffix(f.Path, "_test.go")
		if i := strings.LastIndex(f.Path, "/"); i >= 0 {
			dir = f.Path[:i]
		}
		for _, imp := range f.Imports {
			for _, r := range rules {
				if below(imp, r.Import) && !(r.Tests && test) && !r.allows(dir) {
					out = append(out, Violation{File: f.Path, Import: imp, Rule: r})
				}
			}
		}
	}
	return out
}

// allows says whether the package in dir is within r's.
func (r Rule) allows(dir string) bool {
	for _, w := range r.Within {
		if below(dir, w) {
			return true
		}
	}
	return false
}

// below says whether path is top or below it, by whole elements.
func below(path, top string) bool {
	return path == top || strings.HasPrefix(path, top+"/")
}
