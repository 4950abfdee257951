package catalogue

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// FuzzLoad checks that any file either loads into a catalogue that keeps
// every rule or yields an *Error whose problems point into the file, and
// never panics.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(aeFile))
	f.Add([]byte(patientsFile))
	for _, edit := range [][2]string{
		{"unit: minutes}", "unit: minutes, bins: [60, 120, 240, 480, 720]}"},
		{"unit: minutes}", "unit: minutes, bins: {from: 0, to: 720, width: 60}}"},
		{"type: integer, role: measure", "type: number, role: measure, bins: [18.5, 25, 30]"},
		{"type: integer, role: measure", "type: number, role: measure, bins: {from: 0, to: 1, width: 0.1}"},
		{"type: date, role: dimension}", "type: date, role: dimension, granularity: week}"},
		{"type: date, role: dimension}", "type: date, role: dimension, granularity: quarter}"},
		{"unit: minutes}", "unit: minutes, bins: [60, 30, .inf]}"},
		{"type: date, role: dimension}", "type: date, role: dimension, bins: {from: 0, to: 10, width: 3}}"},
	} {
		f.Add([]byte(strings.Replace(aeFile, edit[0], edit[1], 1)))
	}
	names, _ := fs.Glob(democatalogue.FS, "*.yaml")
	for _, name := range names {
		data, _ := fs.ReadFile(democatalogue.FS, name)
		f.Add(data)
	}
	for _, s := range []string{"", "[a", "a: &x [*x]\n", "dataset: ae_attendances\ncolumns: *c\n", "---\n---\n", "\xff\xfe\x00a", "a: !!binary aGk=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(fstest.MapFS{"ae_attendances.yaml": &fstest.MapFile{Data: data}})
		if (c == nil) == (err == nil) {
			t.Fatalf("Load returned catalogue %v and error %v", c, err)
		}
		if err != nil {
			checkProblems(t, err, data)
			return
		}
		checkCatalogue(t, c)
	})
}

func checkProblems(t *testing.T, err error, data []byte) {
	var e *Error
	if !errors.As(err, &e) || len(e.Problems) == 0 {
		t.Fatalf("error %T %v is not an *Error with problems", err, err)
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, p := range e.Problems {
		if p.File != "ae_attendances.yaml" || p.Line < 0 || p.Line > lines || p.Message == "" {
			t.Errorf("bad problem %+v in a file of %d lines", p, lines)
		}
	}
	if !slices.IsSortedFunc(e.Problems, yamlfile.Compare) {
		t.Errorf("problems not sorted:\n%v", err)
	}
}

func checkCatalogue(t *testing.T, c *Catalogue) {
	for _, d := range c.Datasets() {
		dc := d.Disclosure
		if dc.Threshold < minThreshold || dc.Threshold > maxThreshold || dc.Rounding < minRounding {
			t.Errorf("loaded disclosure %+v", dc)
		}
		if p, ok := d.Column(d.Person); !ok || p.Type != TypePseudonym || p.Role != RoleIdentifier {
			t.Errorf("loaded person column %q: %+v", d.Person, p)
		}
		for _, col := range d.Columns {
			if !col.Type.valid() || !col.Role.valid() ||
				col.Role == RoleMeasure && !col.Type.numeric() ||
				col.Type == TypePseudonym && col.Role != RoleIdentifier ||
				(col.Pattern != "" || col.Values != nil) && !col.Type.textual() {
				t.Errorf("loaded column breaks a rule: %+v", col)
			}
			checkCoarsening(t, col)
			for _, v := range col.Values {
				if err := col.Accepts(v); err != nil {
					t.Errorf("column %s refuses its own declared value: %v", col.Name, err)
				}
			}
		}
	}
	if _, err := json.Marshal(c); err != nil {
		t.Errorf("JSON: %v", err)
	}
}

// checkCoarsening checks a loaded column's bins and granularity: bins only
// on outputtable numeric columns, finite and strictly increasing, one label
// more than edges and no label twice; a granularity only on a date.
func checkCoarsening(t *testing.T, col Column) {
	if col.Granularity != "" && (!col.Granularity.valid() || col.Type != TypeDate || !col.Outputtable()) {
		t.Errorf("loaded granularity breaks a rule: %+v", col)
	}
	if col.Bins == nil {
		return
	}
	e := col.Bins.Edges
	if !col.Type.numeric() || !col.Outputtable() || len(e) == 0 || len(e) > maxBins+1 {
		t.Errorf("loaded bins break a rule: %+v %v", col, e)
	}
	for i, v := range e {
		if !finite(v) || i > 0 && v <= e[i-1] || col.Type == TypeInteger && v != math.Trunc(v) {
			t.Errorf("loaded edges break a rule: %v", e)
		}
	}
	labels := col.Labels()
	if len(labels) != len(e)+1 || len(slices.Compact(slices.Sorted(slices.Values(labels)))) != len(labels) {
		t.Errorf("labels %q for edges %v", labels, e)
	}
}
