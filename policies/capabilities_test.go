package policies

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestCapabilitiesDropForbiddenBuiltins(t *testing.T) {
	t.Parallel()
	var names []string
	for _, b := range capabilities().Builtins {
		names = append(names, b.Name)
		if b.Nondeterministic {
			t.Errorf("capabilities keep non-deterministic builtin %s", b.Name)
		}
	}
	for _, name := range forbiddenBuiltins {
		if slices.Contains(names, name) {
			t.Errorf("capabilities keep forbidden builtin %s", name)
		}
	}
	for _, name := range []string{"sprintf", "net.cidr_expand", "trace", "object.keys"} {
		if !slices.Contains(names, name) {
			t.Errorf("capabilities lack builtin %s, which policies may use", name)
		}
	}
}

// TestForbiddenBuiltinsDoNotCompile adds a module calling each forbidden
// builtin next to the real policies: the engine must refuse to start.
func TestForbiddenBuiltinsDoNotCompile(t *testing.T) {
	t.Parallel()
	tests := []struct{ builtin, call string }{
		{"http.send", `http.send({"method": "GET", "url": "https://example.invalid/"})`},
		{"net.lookup_ip_addr", `net.lookup_ip_addr("example.invalid")`},
		{"opa.runtime", `opa.runtime()`},
		{"time.now_ns", `time.now_ns()`},
		{"rand.intn", `rand.intn("seed", 10)`},
		{"uuid.rfc4122", `uuid.rfc4122("seed")`},
	}
	for _, tt := range tests {
		t.Run(tt.builtin, func(t *testing.T) {
			t.Parallel()
			fsys := policyFS(t, map[string]string{"leak.rego": "package enclave.leak\n\nx := " + tt.call + "\n"})
			_, err := newEngine(t.Context(), fsys)
			var errs ast.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("newEngine error = %v, want ast.Errors", err)
			}
			if len(errs) == 0 || errs[0].Code != ast.TypeErr || !strings.Contains(errs[0].Message, "undefined function "+tt.builtin) {
				t.Errorf("newEngine error = %v, want an undefined function %s type error", err, tt.builtin)
			}
		})
	}
}

func TestAllowedBuiltinsCompile(t *testing.T) {
	t.Parallel()
	fsys := policyFS(t, map[string]string{"net.rego": "package enclave.net\n\nx := net.cidr_expand(\"10.0.0.0/30\")\n\ny if trace(\"ok\")\n"})
	if _, err := newEngine(t.Context(), fsys); err != nil {
		t.Errorf("newEngine with net.cidr_expand and trace: %v", err)
	}
}
