package mapping

import (
	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// age reads an age column: a whole number of years, which becomes its age
// band as date: {coarsen: age_band} would make it from a date of birth.
func (d *decoder) age(n *yaml.Node, field string, tc *catalogue.Column, col *column) {
	f, ok := d.Mapping(n, field, "bands")
	if !ok {
		return
	}
	if tc != nil && !textual(tc.Type) {
		d.Addf(n, field, "an age becomes an age band: target column %s must have type code or text, not %s", tc.Name, tc.Type)
		tc = nil
	}
	if tc != nil {
		col.rule = d.rule(tc, nil, nil, field)
	}
	if v, ok := d.Require(f, field, "bands"); ok {
		d.bands(v, yamlfile.Join(field, "bands"), maxAge, tc, col)
	}
}

// bands reads the age bands' lower bounds, the last at most top, and checks
// that every band's label is a value the target column allows.
func (d *decoder) bands(n *yaml.Node, field string, top int, tc *catalogue.Column, col *column) {
	items, ok := d.List(n, field)
	if !ok {
		return
	}
	if len(items) < 2 {
		d.Addf(n, field, "must list at least two lower bounds, the first 0, such as [0, 18, 65]")
		return
	}
	bounds := make([]int, 0, len(items))
	for i, item := range items {
		b, ok := d.Integer(item, yamlfile.Index(field, i))
		switch {
		case !ok:
			return
		case i == 0 && b != 0:
			d.Addf(item, yamlfile.Index(field, i), "the first band must start at 0")
			return
		case i > 0 && b <= bounds[i-1]:
			d.Addf(item, yamlfile.Index(field, i), "must be greater than the bound before it")
			return
		case b > top:
			d.Addf(item, yamlfile.Index(field, i), "must be at most %d", top)
			return
		}
		bounds = append(bounds, b)
	}
	col.bands.bounds = bounds
	for i := range bounds {
		label := bandLabel(bounds, i)
		v, reason := col.rule.check(label)
		if tc != nil && textual(tc.Type) && reason != "" {
			d.Addf(n, field, "band %s is not allowed by column %s: %s", yamlfile.Quote(label), tc.Name, reason.text())
		}
		col.bands.labels = append(col.bands.labels, v)
	}
}
