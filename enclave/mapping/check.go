package mapping

import (
	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// assemble checks the entries against each other, the absent list and the
// dataset, and fills m with the columns in their final form.
func (d *decoder) assemble(m *Mapping, entries []*entry, absent []named, columns *yaml.Node) {
	var id *entry
	bySource := make(map[string]*entry)
	byTarget := make(map[string]*entry)
	for _, e := range entries {
		if first := bySource[e.source]; first != nil {
			d.sourceAgain(e, first)
		} else {
			bySource[e.source] = e
		}
		switch {
		case e.id != nil && id != nil:
			d.Addf(e.node, yamlfile.Join(e.field, "identifier"), "only one column is the identifier, and %s already is", id.field)
		case e.id != nil:
			id = e
			m.id = *e.id
		case e.drop:
			m.drops = append(m.drops, e.source)
		case e.col == nil:
		case byTarget[e.col.target] != nil:
			d.Addf(e.target, yamlfile.Join(e.field, "target"), "column %s is already filled by %s", yamlfile.Quote(e.col.target), byTarget[e.col.target].field)
		default:
			byTarget[e.col.target] = e
			m.columns = append(m.columns, e.col)
		}
	}
	if id == nil {
		d.Addf(columns, "columns", "one column must be the identifier, with identifier: {type: nhs} or {type: local, system: ...}")
	}
	for _, e := range entries {
		if e.at != nil && e.col != nil {
			e.col.date.at = d.eventDate(e, entries)
		}
	}
	d.coverage(m, byTarget, absent, columns)
}

// sourceAgain reports a source column that appears in a second entry when
// that is not allowed: a mapped column may fill several targets, but the
// identifier and a dropped column appear once (so that an identifier can
// never also be copied into a column).
func (d *decoder) sourceAgain(e, first *entry) {
	field := yamlfile.Join(e.field, "source")
	switch {
	case first.id != nil:
		d.Addf(e.node, field, "column %s is the identifier (%s); it cannot appear again", yamlfile.Quote(e.source), first.field)
	case e.id != nil:
		d.Addf(e.node, field, "column %s is already used by %s; the identifier column cannot appear twice", yamlfile.Quote(e.source), first.field)
	case first.drop || e.drop:
		d.Addf(e.node, field, "column %s is already in %s; a dropped column cannot appear twice", yamlfile.Quote(e.source), first.field)
	}
}

// eventDate resolves an age_band's at: another column, read as a date, that
// is never empty.
func (d *decoder) eventDate(e *entry, entries []*entry) *column {
	field := yamlfile.Join(e.field, "date.at")
	if e.at.name == e.source {
		d.Addf(e.at.node, field, "must name another column: the date the age is taken at")
		return nil
	}
	for _, o := range entries {
		if o.source != e.at.name || o.col == nil || o.col.conv != convDate {
			continue
		}
		if o.col.optional {
			d.Addf(e.at.node, field, "column %s is optional, but every row needs the date the age is taken at", yamlfile.Quote(o.source))
		}
		return o.col
	}
	d.Addf(e.at.node, field, "%s must name a source column mapped with date:", yamlfile.Quote(e.at.name))
	return nil
}

// coverage checks that every dataset column except the person column is
// filled by exactly one entry or listed in absent, and records the order of
// Result.Values.
func (d *decoder) coverage(m *Mapping, byTarget map[string]*entry, absent []named, columns *yaml.Node) {
	isAbsent := make(map[string]bool)
	for i, a := range absent {
		field := yamlfile.Index("absent", i)
		_, known := d.ds.Column(a.name)
		switch {
		case !known:
			d.Addf(a.node, field, "%s is not a column of dataset %s", yamlfile.Quote(a.name), d.ds.Name)
		case a.name == d.ds.Person:
			d.Addf(a.node, field, "%s is the person column; it is always filled, from the identifier", yamlfile.Quote(a.name))
		case byTarget[a.name] != nil:
			d.Addf(a.node, field, "%s is filled by %s, so it is not absent", yamlfile.Quote(a.name), byTarget[a.name].field)
		case isAbsent[a.name]:
			d.Addf(a.node, field, "%s is listed twice", yamlfile.Quote(a.name))
		}
		isAbsent[a.name] = true
	}
	for _, c := range d.ds.Columns {
		if c.Name == d.ds.Person {
			continue
		}
		if e := byTarget[c.Name]; e != nil {
			e.col.slot = len(m.targets)
		} else if !isAbsent[c.Name] {
			d.Addf(columns, "columns", "dataset %s column %s is not filled: map a source column to it, or list it in absent", d.ds.Name, yamlfile.Quote(c.Name))
		}
		m.targets = append(m.targets, c.Name)
	}
}
