package mapping

import (
	"errors"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/pseudonym"
)

// identifier reads the identifier column's type: an NHS number, or a value
// from a named local numbering system.
func (d *decoder) identifier(n *yaml.Node, field, source string) *identifier {
	f, ok := d.mapping(n, field, "type", "system", "synthetic")
	if !ok {
		return nil
	}
	id := &identifier{source: source}
	kind, kn, ok := d.requiredText(f, field, "type")
	if !ok {
		return id
	}
	switch id.kind = kind; kind {
	case pseudonym.KindNHS:
		if v := f.vals["system"]; v != nil {
			d.addf(v, join(field, "system"), "only a local identifier has a system")
		}
		if v := f.vals["synthetic"]; v != nil {
			switch s, _ := d.text(v, join(field, "synthetic")); s {
			case "allow":
				id.synthetic = true
			case "refuse":
			default:
				d.addf(v, join(field, "synthetic"), "must be allow or refuse")
			}
		}
	case pseudonym.KindLocal:
		if v := f.vals["synthetic"]; v != nil {
			d.addf(v, join(field, "synthetic"), "only an NHS number can be synthetic")
		}
		system, sn, ok := d.requiredText(f, field, "system")
		if !ok {
			break
		}
		if _, err := pseudonym.Local(system, "x"); errors.Is(err, pseudonym.ErrLocalSystem) {
			d.addf(sn, join(field, "system"), "%s must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters", quote(system))
		}
		id.system = system
	default:
		d.addf(kn, join(field, "type"), "%s is not one of nhs, local", quote(kind))
	}
	return id
}

// postcode reads how a postcode column becomes an area: its outward code,
// or the area a lookup file gives it.
func (d *decoder) postcode(n *yaml.Node, field string, tc *catalogue.Column, col *column) {
	f, ok := d.mapping(n, field, "area", "lookup", "postcode_column", "area_column")
	if !ok {
		return
	}
	if tc != nil && !textual(tc.Type) {
		d.addf(n, field, "a postcode becomes an area code: target column %s must have type code or text, not %s", tc.Name, tc.Type)
		tc = nil
	}
	if tc != nil {
		col.rule = d.rule(tc, nil, nil, field)
	}
	switch {
	case f.has("area") && f.has("lookup"):
		d.addf(n, field, "give area or lookup, not both")
	case f.has("area"):
		for _, k := range []string{"postcode_column", "area_column"} {
			if f.has(k) {
				d.addf(f.vals[k], join(field, k), "only with lookup")
			}
		}
		if a, _ := d.text(f.vals["area"], join(field, "area")); a != "outward" {
			d.addf(f.vals["area"], join(field, "area"), "%s is not an area; the only one is outward (give lookup: for anything finer)", quote(a))
		}
	case f.has("lookup"):
		file, v, ok := d.requiredText(f, field, "lookup")
		pc, ac := d.optionalText(f, field, "postcode_column", "postcode"), d.optionalText(f, field, "area_column", "area")
		if ok && tc != nil {
			col.lookup = d.lookup(file, v, join(field, "lookup"), pc, ac, col)
		}
	default:
		d.addf(n, field, "needs area: outward or lookup: <file>")
	}
}

// optionalText reads a key with non-empty text that has a default.
func (d *decoder) optionalText(f fields, parent, key, def string) string {
	if !f.has(key) {
		return def
	}
	s, _, ok := d.requiredText(f, parent, key)
	if !ok {
		return def
	}
	return s
}
