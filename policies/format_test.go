package policies

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
)

// TestRegoFormatted keeps the policies in `opa fmt` layout, as gofmt does
// for Go, so that diffs show only real changes. It does not run in
// parallel: formatting an else rule sets the location of OPA's interned
// terms (format.go, writeElse), which policies compiling at the same time
// read, and the race detector rightly fails both.
func TestRegoFormatted(t *testing.T) {
	names, err := fs.Glob(embedded, "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		src, err := fs.ReadFile(embedded, name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := format.SourceWithOpts(name, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("format %s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, src) {
			t.Errorf("%s is not formatted; run opa fmt -w (Rego v1). Formatted:\n%s", name, got)
		}
	}
}
