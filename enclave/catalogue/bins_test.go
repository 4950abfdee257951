package catalogue

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// binned loads aeFile with the wait_minutes column declared as decl and
// returns that column.
func binned(t *testing.T, decl string) Column {
	t.Helper()
	c, err := Load(fstest.MapFS{"ae_attendances.yaml": file(replaceOnce(t, aeFile,
		"{name: wait_minutes, type: integer, role: measure, unit: minutes}", decl))})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := c.Dataset("ae_attendances")
	col, _ := d.Column("wait_minutes")
	return *col
}

func TestBinLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, decl string
		edges      []float64
		labels     []string
	}{
		{"integer edges", "{name: wait_minutes, type: integer, role: measure, bins: [15, 30, 45, 60, 90]}",
			[]float64{15, 30, 45, 60, 90}, []string{"<15", "15-29", "30-44", "45-59", "60-89", "90+"}},
		{"integer bins of one", "{name: wait_minutes, type: integer, role: quasi_identifier, bins: {from: 1900, to: 1903, width: 1}}",
			[]float64{1900, 1901, 1902, 1903}, []string{"<1900", "1900", "1901", "1902", "1903+"}},
		{"integer negative", "{name: wait_minutes, type: integer, role: measure, bins: [-10, 0, 2]}",
			[]float64{-10, 0, 2}, []string{"<-10", "-10--1", "0-1", "2+"}},
		{"one edge", "{name: wait_minutes, type: integer, role: measure, bins: [0]}",
			[]float64{0}, []string{"<0", "0+"}},
		{"number edges", "{name: wait_minutes, type: number, role: measure, bins: [18.5, 25, 30, 35, 40]}",
			[]float64{18.5, 25, 30, 35, 40}, []string{"<18.5", "18.5-<25", "25-<30", "30-<35", "35-<40", "40+"}},
		{"number regular", "{name: wait_minutes, type: number, role: measure, bins: {from: 0, to: 0.5, width: 0.1}}",
			[]float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}, []string{"<0", "0-<0.1", "0.1-<0.2", "0.2-<0.3", "0.3-<0.4", "0.4-<0.5", "0.5+"}},
		{"number large", "{name: wait_minutes, type: number, role: measure, bins: [1000, 1000000]}",
			[]float64{1000, 1e6}, []string{"<1000", "1000-<1e+06", "1e+06+"}},
		{"none", "{name: wait_minutes, type: integer, role: measure}", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			col := binned(t, tt.decl)
			var edges []float64
			if col.Bins != nil {
				edges = col.Bins.Edges
			}
			if !slices.Equal(edges, tt.edges) {
				t.Errorf("Edges = %v, want %v", edges, tt.edges)
			}
			if got := col.Labels(); !slices.Equal(got, tt.labels) {
				t.Errorf("Labels() = %q, want %q", got, tt.labels)
			}
		})
	}
}

// TestBinIndex: a value at an edge is in the bin that edge starts, as
// PostgreSQL's width_bucket puts it.
func TestBinIndex(t *testing.T) {
	t.Parallel()
	b := &Bins{Edges: []float64{15, 30, 45}}
	for v, want := range map[float64]int{-1e9: 0, 14.999: 0, 15: 1, 29.9: 1, 30: 2, 44: 2, 45: 3, 1e9: 3} {
		if got := b.Index(v); got != want {
			t.Errorf("Index(%v) = %d, want %d", v, got, want)
		}
	}
}

// TestBinsAreCopies: a caller changing a column's bins changes nothing in
// the catalogue.
func TestBinsAreCopies(t *testing.T) {
	t.Parallel()
	c, err := Load(fstest.MapFS{"ae_attendances.yaml": file(replaceOnce(t, aeFile, "unit: minutes}", "unit: minutes, bins: {from: 0, to: 60, width: 30}}"))})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := c.Dataset("ae_attendances")
	col, _ := d.Column("wait_minutes")
	col.Bins.Edges[0], col.Bins.Regular.From = -1, -1
	again, _ := c.Dataset("ae_attendances")
	if col, _ := again.Column("wait_minutes"); col.Bins.Edges[0] != 0 || col.Bins.Regular.From != 0 {
		t.Errorf("a caller changed the catalogue's bins: %+v", col.Bins)
	}
}

// replaceOnce replaces old in s, failing the test when s does not hold it.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q is not in the file", old)
	}
	return strings.Replace(s, old, new, 1)
}
