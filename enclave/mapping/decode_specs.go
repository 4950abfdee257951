package mapping

import (
	"errors"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
	"github.com/research-enclave/enclave/pseudonym"
)

// identifier reads the identifier column's type: an NHS number, or a value
// from a named local numbering system.
func (d *decoder) identifier(n *yaml.Node, field, source string) *identifier {
	f, ok := d.Mapping(n, field, "type", "system", "synthetic")
	if !ok {
		return nil
	}
	id := &identifier{source: source}
	kind, kn, ok := d.RequiredText(f, field, "type")
	if !ok {
		return id
	}
	switch id.kind = kind; kind {
	case pseudonym.KindNHS:
		if v := f.Vals["system"]; v != nil {
			d.Addf(v, yamlfile.Join(field, "system"), "only a local identifier has a system")
		}
		if v := f.Vals["synthetic"]; v != nil {
			switch s, _ := d.Text(v, yamlfile.Join(field, "synthetic")); s {
			case "allow":
				id.synthetic = true
			case "refuse":
			default:
				d.Addf(v, yamlfile.Join(field, "synthetic"), "must be allow or refuse")
			}
		}
	case pseudonym.KindLocal:
		if v := f.Vals["synthetic"]; v != nil {
			d.Addf(v, yamlfile.Join(field, "synthetic"), "only an NHS number can be synthetic")
		}
		system, sn, ok := d.RequiredText(f, field, "system")
		if !ok {
			break
		}
		if _, err := pseudonym.Local(system, "x"); errors.Is(err, pseudonym.ErrLocalSystem) {
			d.Addf(sn, yamlfile.Join(field, "system"), "%s must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters", yamlfile.Quote(system))
		}
		id.system = system
	default:
		d.Addf(kn, yamlfile.Join(field, "type"), "%s is not one of nhs, local", yamlfile.Quote(kind))
	}
	return id
}

// postcode reads how a postcode column becomes an area: its outward code,
// or the area a lookup file gives it.
func (d *decoder) postcode(n *yaml.Node, field string, tc *catalogue.Column, col *column) {
	f, ok := d.Mapping(n, field, "area", "lookup", "postcode_column", "area_column")
	if !ok {
		return
	}
	if tc != nil && !textual(tc.Type) {
		d.Addf(n, field, "a postcode becomes an area code: target column %s must have type code or text, not %s", tc.Name, tc.Type)
		tc = nil
	}
	if tc != nil {
		col.rule = d.rule(tc, nil, nil, field)
	}
	switch {
	case f.Has("area") && f.Has("lookup"):
		d.Addf(n, field, "give area or lookup, not both")
	case f.Has("area"):
		for _, k := range []string{"postcode_column", "area_column"} {
			if f.Has(k) {
				d.Addf(f.Vals[k], yamlfile.Join(field, k), "only with lookup")
			}
		}
		if a, _ := d.Text(f.Vals["area"], yamlfile.Join(field, "area")); a != "outward" {
			d.Addf(f.Vals["area"], yamlfile.Join(field, "area"), "%s is not an area; the only one is outward (give lookup: for anything finer)", yamlfile.Quote(a))
		}
	case f.Has("lookup"):
		file, v, ok := d.RequiredText(f, field, "lookup")
		pc, ac := d.optionalText(f, field, "postcode_column", "postcode"), d.optionalText(f, field, "area_column", "area")
		if ok && tc != nil {
			col.lookup = d.lookup(file, v, yamlfile.Join(field, "lookup"), pc, ac, col)
		}
	default:
		d.Addf(n, field, "needs area: outward or lookup: <file>")
	}
}

// optionalText reads a key with non-empty text that has a default.
func (d *decoder) optionalText(f yamlfile.Fields, parent, key, def string) string {
	if !f.Has(key) {
		return def
	}
	s, _, ok := d.RequiredText(f, parent, key)
	if !ok {
		return def
	}
	return s
}
