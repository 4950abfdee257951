package disclosure

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.out.json from the current output")

// goldenCase is the input of one golden test: testdata/golden/NAME.in.json.
type goldenCase struct {
	Comment     string `json:"comment"`
	Rules       Rules  `json:"rules"`
	WithMargins bool   `json:"with_margins"` // add every margin with WithMargins before Apply
	Table       Table  `json:"table"`
}

// TestGolden runs Apply on every testdata/golden/*.in.json and compares the
// result, or the error, with NAME.out.json. Review every change to an .out
// file as a change to what researchers receive.
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join("testdata", "golden", "*.in.json"))
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := readCase(t, in)
			got := goldenOutput(t, c)
			out := strings.TrimSuffix(in, ".in.json") + ".out.json"
			if *update {
				if err := os.WriteFile(out, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Apply output differs from %s (go test -update rewrites it):\ngot:\n%s", out, got)
			}
		})
	}
}

func readCase(t *testing.T, path string) goldenCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c goldenCase
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if c.Comment == "" {
		t.Fatalf("%s: say what the case shows in its comment", path)
	}
	return c
}

// goldenOutput applies the case and checks the result's invariants before
// returning it, indented, or {"error": message}.
func goldenOutput(t *testing.T, c goldenCase) []byte {
	t.Helper()
	table := c.Table
	if c.WithMargins {
		var err error
		if table, err = WithMargins(table); err != nil {
			t.Fatalf("WithMargins: %v", err)
		}
	}
	res, err := Apply(context.Background(), table, c.Rules, Options{})
	if err != nil {
		return []byte(fmt.Sprintf("{\"error\": %q}\n", err.Error()))
	}
	checkInvariants(t, table, c.Rules, res)
	return compactJSON(t, res)
}

// resultFields are the members of a Result's JSON, in order.
var resultFields = []string{"dimensions", "measures", "rules", "totals", "cells", "suppressed", "measures_suppressed", "zeros"}

// compactJSON writes res with one member per line and one cell per line, so
// that a change to a golden file shows as a change to the cells it touches.
func compactJSON(t *testing.T, res *Result) []byte {
	t.Helper()
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for _, name := range resultFields {
		v, ok := members[name]
		if !ok {
			continue
		}
		delete(members, name)
		fmt.Fprintf(&b, "  %q: ", name)
		if name != "cells" {
			b.Write(v)
		} else {
			var cells []json.RawMessage
			if err := json.Unmarshal(v, &cells); err != nil {
				t.Fatal(err)
			}
			b.WriteString("[\n")
			for i, c := range cells {
				b.WriteString("    ")
				b.Write(c)
				if i < len(cells)-1 {
					b.WriteByte(',')
				}
				b.WriteByte('\n')
			}
			b.WriteString("  ]")
		}
		if len(members) > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	if len(members) > 0 {
		t.Fatalf("add the Result members %v to resultFields", slices.Collect(maps.Keys(members)))
	}
	b.WriteString("}\n")
	return b.Bytes()
}
