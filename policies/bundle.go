package policies

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// embedded holds the policies and their tests. Tests are embedded too so
// that go test runs exactly the files the binary carries; the engine never
// loads them.
//
//go:embed *.rego
var embedded embed.FS

const testSuffix = "_test.rego"

// bundle is the Rego source of a policy set, keyed by file name.
type bundle struct {
	policies map[string]string // evaluated by the engine and hashed into the revision
	tests    map[string]string // *_test.rego, run by go test only
}

// loadBundle reads the .rego files at the root of fsys.
func loadBundle(fsys fs.FS) (bundle, error) {
	names, err := fs.Glob(fsys, "*.rego")
	if err != nil {
		return bundle{}, fmt.Errorf("list policy files: %w", err)
	}
	b := bundle{policies: map[string]string{}, tests: map[string]string{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return bundle{}, fmt.Errorf("read policy file %s: %w", name, err)
		}
		if strings.HasSuffix(name, testSuffix) {
			b.tests[name] = string(data)
		} else {
			b.policies[name] = string(data)
		}
	}
	if len(b.policies) == 0 {
		return bundle{}, fmt.Errorf("no policy files found")
	}
	return b, nil
}

// revision is "sha256:" and the hex SHA-256 of every policy file's name and
// content, in name order, each followed by a NUL byte. Tests do not count:
// they do not change a decision.
func (b bundle) revision() string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(b.policies)) {
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write([]byte(b.policies[name]))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// parseModules parses files as Rego v1, keyed by file name, which is also
// the file name in error locations and coverage reports.
func parseModules(files map[string]string) (map[string]*ast.Module, error) {
	modules := make(map[string]*ast.Module, len(files))
	for name, src := range files {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, fmt.Errorf("parse policy %s: %w", name, err)
		}
		modules[name] = m
	}
	return modules, nil
}
