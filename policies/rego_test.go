package policies

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// minCoverage is the share of each policy file's lines the Rego tests must
// evaluate, in percent.
const minCoverage = 90.0

// TestRegoPolicies runs the *_test.rego files in process, compiled exactly
// as the engine compiles the policies, and checks coverage.
func TestRegoPolicies(t *testing.T) {
	b, err := loadBundle(embedded)
	if err != nil {
		t.Fatal(err)
	}
	for name := range b.policies {
		test := strings.TrimSuffix(name, ".rego") + testSuffix
		if _, ok := b.tests[test]; !ok {
			t.Errorf("policy %s has no %s beside it", name, test)
		}
	}
	all := maps.Clone(b.policies)
	maps.Copy(all, b.tests)
	modules, err := parseModules(all)
	if err != nil {
		t.Fatal(err)
	}

	coverage := cover.New()
	store, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	runner := tester.NewRunner().
		SetStore(store).
		SetCompiler(newCompiler().WithEnablePrintStatements(true)).
		SetModules(modules).
		SetCoverageQueryTracer(coverage).
		RaiseBuiltinErrors(true).
		// A guard against a rule that never ends, not a limit on speed:
		// under -race on a busy 2-core machine one rule took over 30s.
		SetTimeout(5 * time.Minute)
	results, err := runner.RunTests(t.Context(), nil)
	if err != nil {
		t.Fatalf("compile Rego tests: %v", err)
	}

	var rules, cases int
	for r := range results {
		rules++
		cases += max(len(r.SubResults), 1)
		switch {
		case r.Error != nil:
			t.Errorf("%s: %s.%s: error: %v", r.Location, r.Package, r.Name, r.Error)
		case r.Fail:
			t.Errorf("%s: %s.%s: FAIL\n%s", r.Location, r.Package, r.Name, failedCases(r))
		case r.Skip:
			t.Errorf("%s: %s.%s: skipped; remove the todo_ prefix or the test", r.Location, r.Package, r.Name)
		}
		if !r.Pass() && len(r.Output) > 0 {
			t.Logf("%s.%s printed:\n%s", r.Package, r.Name, r.Output)
		}
	}
	if rules == 0 {
		t.Fatal("no Rego test ran")
	}
	t.Logf("Rego tests: %d test rules, %d cases", rules, cases)

	report := coverage.Report(modules)
	for _, name := range slices.Sorted(maps.Keys(b.policies)) {
		fr := report.Files[name]
		if fr == nil {
			t.Errorf("coverage of %s: no report", name)
			continue
		}
		t.Logf("coverage of %s: %.1f%% (%d lines covered, %d not)", name, fr.Coverage, fr.CoveredLines, fr.NotCoveredLines)
		for _, rng := range fr.NotCovered {
			t.Logf("  %s: lines %d-%d not covered", name, rng.Start.Row, rng.End.Row)
		}
		if fr.Coverage < minCoverage {
			t.Errorf("coverage of %s is %.1f%%, want at least %.0f%%", name, fr.Coverage, minCoverage)
		}
	}
}

// testData is the data the Rego tests read: each testdata/*.json file at
// data.testdata.<file name without .json>.
func testData() (storage.Store, error) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		return nil, err
	}
	docs := map[string]any{}
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		docs[strings.TrimSuffix(filepath.Base(name), ".json")] = v
	}
	return inmem.NewFromObject(map[string]any{"testdata": docs}), nil
}

// failedCases lists the failed cases of a parameterised test.
func failedCases(r *tester.Result) string {
	var sb strings.Builder
	for path, sr := range r.SubResults.Iter {
		if sr.Fail && len(sr.SubResults) == 0 {
			sb.WriteString("  case " + strings.Join(path, "/") + ": FAIL\n")
		}
	}
	return sb.String()
}
