package mapping

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// date reads a date column's layout and coarsening. For age_band it returns
// the name of the column holding the event date, resolved once every entry
// is read.
func (d *decoder) date(n *yaml.Node, field string, tc *catalogue.Column, col *column) *named {
	f, ok := d.Mapping(n, field, "layout", "coarsen", "at", "bands")
	if !ok {
		return nil
	}
	if layout, v, ok := d.RequiredText(f, field, "layout"); ok {
		switch {
		case !strings.Contains(layout, "2006"):
			d.Addf(v, yamlfile.Join(field, "layout"), "must write the year with four digits (2006): two-digit years are ambiguous")
		case !validLayout(layout):
			d.Addf(v, yamlfile.Join(field, "layout"), "%s is not a Go date layout with a year, a month and a day, such as 2006-01-02 or 02/01/2006", yamlfile.Quote(layout))
		default:
			col.date.layout = layout
		}
	}
	if c, v, ok := d.RequiredText(f, field, "coarsen"); ok {
		col.date.coarsen = coarsening(c)
		d.coarsenFits(v, yamlfile.Join(field, "coarsen"), tc, col)
	}
	if col.date.coarsen != coarsenAgeBand {
		for _, k := range []string{"at", "bands"} {
			if f.Has(k) {
				d.Addf(f.Vals[k], yamlfile.Join(field, k), "only with coarsen: age_band")
			}
		}
		return nil
	}
	if v, ok := d.Require(f, field, "bands"); ok {
		d.bands(v, yamlfile.Join(field, "bands"), maxBand, tc, col)
	}
	at, v, ok := d.RequiredText(f, field, "at")
	if !ok {
		return nil
	}
	return &named{at, v}
}

// coarsenFits checks that the coarsening is known and writes what the
// target column holds.
func (d *decoder) coarsenFits(n *yaml.Node, field string, tc *catalogue.Column, col *column) {
	var want []catalogue.Type
	switch col.date.coarsen {
	case coarsenNone, coarsenWeek:
		want = []catalogue.Type{catalogue.TypeDate}
	case coarsenYear:
		want = []catalogue.Type{catalogue.TypeInteger}
	case coarsenAgeBand:
		want = []catalogue.Type{catalogue.TypeCode, catalogue.TypeText}
	default:
		d.Addf(n, field, "%s is not one of %s", yamlfile.Quote(string(col.date.coarsen)), coarseningNames)
		return
	}
	switch {
	case tc == nil:
	case tc.Type != want[0] && (len(want) == 1 || tc.Type != want[1]):
		names := string(want[0])
		if len(want) > 1 {
			names += " or " + string(want[1])
		}
		d.Addf(n, field, "coarsen %s needs a target column of type %s; %s has type %s", col.date.coarsen, names, tc.Name, tc.Type)
	case textual(tc.Type):
		col.rule = d.rule(tc, nil, nil, field)
	}
}
