package mapping

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

var columnKeys = []string{"source", "target", "drop", "identifier", "date", "postcode", "age",
	"values", "pattern", "recode", "optional", "description"}

// entry is one item of columns: a source column that is dropped, is the
// identifier, or fills a target column.
type entry struct {
	field  string // "columns[3]"
	node   *yaml.Node
	source string
	drop   bool
	id     *identifier
	col    *column
	target *yaml.Node // the target key's value, for problems about it
	at     *named     // age_band: the source column holding the event date
}

// entry reads one column entry. It returns false when the entry cannot be
// used at all (no source); other problems are recorded and the entry is
// still returned, so that the cross-checks see it.
func (d *decoder) entry(n *yaml.Node, field string) (*entry, bool) {
	f, ok := d.Mapping(n, field, columnKeys...)
	if !ok {
		return nil, false
	}
	e := &entry{field: field, node: n}
	if e.source, _, ok = d.RequiredText(f, field, "source"); !ok {
		return nil, false
	}
	if v := f.Vals["description"]; v != nil {
		d.Text(v, yamlfile.Join(field, "description"))
	}
	switch {
	case f.Has("drop"):
		d.refuseKeys(f, field, "a dropped column", "source", "drop", "description")
		if drop, ok := d.Boolean(f.Vals["drop"], yamlfile.Join(field, "drop")); ok && !drop {
			d.Addf(f.Vals["drop"], yamlfile.Join(field, "drop"), "must be true; to keep the column, give a target instead")
		}
		e.drop = true
	case f.Has("identifier"):
		d.refuseKeys(f, field, "the identifier column", "source", "identifier", "description")
		e.id = d.identifier(f.Vals["identifier"], yamlfile.Join(field, "identifier"), e.source)
	case !f.Has("target"):
		d.Addf(n, yamlfile.Join(field, "target"), "is required: name the dataset column this fills, or give drop: true or identifier:")
	default:
		e.target = f.Vals["target"]
		e.col, e.at = d.target(f, field, e.source)
	}
	return e, true
}

// refuseKeys reports every key of f outside allowed: it means nothing for
// this kind of column, and ignoring it would hide a mistake.
func (d *decoder) refuseKeys(f yamlfile.Fields, field, what string, allowed ...string) {
	for _, k := range columnKeys {
		if f.Has(k) && !slices.Contains(allowed, k) {
			d.Addf(f.Vals[k], yamlfile.Join(field, k), "%s takes no %s", what, k)
		}
	}
}

// target reads an entry that fills a dataset column.
func (d *decoder) target(f yamlfile.Fields, field, source string) (*column, *named) {
	name, tn, ok := d.RequiredText(f, field, "target")
	if !ok {
		return nil, nil
	}
	col := &column{source: source, target: name}
	if v := f.Vals["optional"]; v != nil {
		col.optional, _ = d.Boolean(v, yamlfile.Join(field, "optional"))
	}
	tc := d.targetColumn(name, tn, yamlfile.Join(field, "target"))
	if tc != nil {
		col.typ = tc.Type
	}
	var at *named
	switch {
	case f.Has("date") && f.Has("postcode"):
		d.Addf(f.Vals["postcode"], yamlfile.Join(field, "postcode"), "a column is a date or a postcode, not both")
	case f.Has("age"):
		d.refuseKeys(f, field, "an age column", "source", "target", "age", "optional", "description")
		col.conv = convAge
		d.age(f.Vals["age"], yamlfile.Join(field, "age"), tc, col)
	case f.Has("date"):
		d.refuseKeys(f, field, "a date column", "source", "target", "date", "optional", "description")
		col.conv = convDate
		at = d.date(f.Vals["date"], yamlfile.Join(field, "date"), tc, col)
	case f.Has("postcode"):
		d.refuseKeys(f, field, "a postcode column", "source", "target", "postcode", "optional", "description")
		col.conv = convPostcode
		d.postcode(f.Vals["postcode"], yamlfile.Join(field, "postcode"), tc, col)
	default:
		d.copied(f, field, tc, col)
	}
	return col, at
}

// targetColumn finds the dataset column an entry fills, or returns nil
// after recording why it cannot be filled.
func (d *decoder) targetColumn(name string, n *yaml.Node, field string) *catalogue.Column {
	if d.ds == nil {
		return nil // the dataset is unknown; that problem is reported
	}
	tc, ok := d.ds.Column(name)
	switch {
	case !ok:
		d.Addf(n, field, "%s is not a column of dataset %s", yamlfile.Quote(name), d.ds.Name)
	case name == d.ds.Person:
		d.Addf(n, field, "%s is the person column, which only the identifier column fills", yamlfile.Quote(name))
	case tc.Type == catalogue.TypePseudonym:
		d.Addf(n, field, "%s is a pseudonym column; only the person column is filled, from the identifier", yamlfile.Quote(name))
	default:
		return tc
	}
	return nil
}
