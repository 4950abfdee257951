package mapping

import (
	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// mappingFile reads the top-level mapping of a file.
func (d *decoder) mappingFile(n *yaml.Node, cat Datasets) *Mapping {
	f, ok := d.Mapping(n, "", "mapping", "version", "dataset", "description", "source", "when", "absent", "columns")
	if !ok {
		return nil
	}
	m := &Mapping{delim: ','}
	if name, v, ok := d.RequiredText(f, "", "mapping"); ok {
		if m.name = name; !namePattern.MatchString(name) {
			d.Addf(v, "mapping", "%s %s", yamlfile.Quote(name), nameRule)
		}
	}
	if v, ok := d.Require(f, "", "version"); ok {
		if m.version, ok = d.Integer(v, "version"); ok && m.version < 1 {
			d.Addf(v, "version", "must be 1 or more")
		}
	}
	if name, v, ok := d.RequiredText(f, "", "dataset"); ok {
		m.dataset = name
		if d.ds, ok = cat.Dataset(name); ok {
			m.person = d.ds.Person
		} else {
			d.Addf(v, "dataset", "%s is not a dataset in the catalogue", yamlfile.Quote(name))
		}
	}
	if v := f.Vals["description"]; v != nil {
		d.Text(v, "description")
	}
	if v := f.Vals["source"]; v != nil {
		m.delim = d.source(v)
	}
	var when []*whenItem
	if v := f.Vals["when"]; v != nil {
		when = d.conditions(v)
	}
	var absent []named
	if v := f.Vals["absent"]; v != nil {
		absent = d.names(v, "absent")
	}
	if v, ok := d.Require(f, "", "columns"); ok {
		if entries, ok := d.entries(v); ok && d.ds != nil {
			d.assemble(m, entries, absent, f.Key("columns"))
			m.when = d.resolveWhen(when, entries)
		}
	}
	return m
}

// source reads the source format and returns its delimiter. Only CSV with a
// header row is read: columns are matched by their header names.
func (d *decoder) source(n *yaml.Node) byte {
	delim := byte(',')
	f, ok := d.Mapping(n, "source", "format", "delimiter", "header")
	if !ok {
		return delim
	}
	if v := f.Vals["format"]; v != nil {
		if s, ok := d.Text(v, "source.format"); ok && s != "csv" {
			d.Addf(v, "source.format", "%s is not a known format; the only one is csv", yamlfile.Quote(s))
		}
	}
	if v := f.Vals["delimiter"]; v != nil {
		s, ok := d.Text(v, "source.delimiter")
		switch {
		case !ok:
		case len(s) != 1 || s[0] >= 0x80 || s == `"` || s == "\r" || s == "\n":
			d.Addf(v, "source.delimiter", `must be one ASCII character other than '"', CR and LF (write a tab as "\t")`)
		default:
			delim = s[0]
		}
	}
	if v := f.Vals["header"]; v != nil {
		if h, ok := d.Boolean(v, "source.header"); ok && !h {
			d.Addf(v, "source.header", "must be true: columns are matched by the names in the file's header row")
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
	items, ok := d.List(n, field)
	if !ok {
		return nil
	}
	out := make([]named, 0, len(items))
	for i, item := range items {
		if s, ok := d.Text(item, yamlfile.Index(field, i)); ok && s != "" {
			out = append(out, named{s, item})
		} else if ok {
			d.Addf(item, yamlfile.Index(field, i), "must not be empty")
		}
	}
	return out
}

// entries reads the list of column entries.
func (d *decoder) entries(n *yaml.Node) ([]*entry, bool) {
	items, ok := d.List(n, "columns")
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		d.Addf(n, "columns", "must list at least one column")
		return nil, false
	}
	entries := make([]*entry, 0, len(items))
	for i, item := range items {
		if e, ok := d.entry(item, yamlfile.Index("columns", i)); ok {
			entries = append(entries, e)
		}
	}
	return entries, true
}
