package mapping

import (
	"go.yaml.in/yaml/v3"
)

// mappingFile reads the top-level mapping of a file.
func (d *decoder) mappingFile(n *yaml.Node, cat Datasets) *Mapping {
	f, ok := d.mapping(n, "", "mapping", "version", "dataset", "description", "source", "absent", "columns")
	if !ok {
		return nil
	}
	m := &Mapping{delim: ','}
	if name, v, ok := d.requiredText(f, "", "mapping"); ok {
		if m.name = name; !namePattern.MatchString(name) {
			d.addf(v, "mapping", "%s %s", quote(name), nameRule)
		}
	}
	if v, ok := d.require(f, "", "version"); ok {
		if m.version, ok = d.integer(v, "version"); ok && m.version < 1 {
			d.addf(v, "version", "must be 1 or more")
		}
	}
	if name, v, ok := d.requiredText(f, "", "dataset"); ok {
		m.dataset = name
		if d.ds, ok = cat.Dataset(name); ok {
			m.person = d.ds.Person
		} else {
			d.addf(v, "dataset", "%s is not a dataset in the catalogue", quote(name))
		}
	}
	if v := f.vals["description"]; v != nil {
		d.text(v, "description")
	}
	if v := f.vals["source"]; v != nil {
		m.delim = d.source(v)
	}
	var absent []named
	if v := f.vals["absent"]; v != nil {
		absent = d.names(v, "absent")
	}
	if v, ok := d.require(f, "", "columns"); ok {
		if entries, ok := d.entries(v); ok && d.ds != nil {
			d.assemble(m, entries, absent, f.key("columns"))
		}
	}
	return m
}

// source reads the source format and returns its delimiter. Only CSV with a
// header row is read: columns are matched by their header names.
func (d *decoder) source(n *yaml.Node) byte {
	delim := byte(',')
	f, ok := d.mapping(n, "source", "format", "delimiter", "header")
	if !ok {
		return delim
	}
	if v := f.vals["format"]; v != nil {
		if s, ok := d.text(v, "source.format"); ok && s != "csv" {
			d.addf(v, "source.format", "%s is not a known format; the only one is csv", quote(s))
		}
	}
	if v := f.vals["delimiter"]; v != nil {
		s, ok := d.text(v, "source.delimiter")
		switch {
		case !ok:
		case len(s) != 1 || s[0] >= 0x80 || s == `"` || s == "\r" || s == "\n":
			d.addf(v, "source.delimiter", `must be one ASCII character other than '"', CR and LF (write a tab as "\t")`)
		default:
			delim = s[0]
		}
	}
	if v := f.vals["header"]; v != nil {
		if h, ok := d.boolean(v, "source.header"); ok && !h {
			d.addf(v, "source.header", "must be true: columns are matched by the names in the file's header row")
		}
	}
	return delim
}

// named is a name from the file with its node, for the line of problems.
type named struct {
	name string
	node *yaml.Node
}

// names reads a list of non-empty names.
func (d *decoder) names(n *yaml.Node, field string) []named {
	items, ok := d.list(n, field)
	if !ok {
		return nil
	}
	out := make([]named, 0, len(items))
	for i, item := range items {
		if s, ok := d.text(item, index(field, i)); ok && s != "" {
			out = append(out, named{s, item})
		} else if ok {
			d.addf(item, index(field, i), "must not be empty")
		}
	}
	return out
}

// entries reads the list of column entries.
func (d *decoder) entries(n *yaml.Node) ([]*entry, bool) {
	items, ok := d.list(n, "columns")
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		d.addf(n, "columns", "must list at least one column")
		return nil, false
	}
	entries := make([]*entry, 0, len(items))
	for i, item := range items {
		if e, ok := d.entry(item, index("columns", i)); ok {
			entries = append(entries, e)
		}
	}
	return entries, true
}
