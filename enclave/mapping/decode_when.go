package mapping

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// whenItem is a condition as read, with where it was written, until the
// entries show which column it names.
type whenItem struct {
	condition
	field string // "when[1]"
	node  *yaml.Node
}

// conditions reads when: a list of conditions that each name a source
// column once and give the value (equals) or values (in) a row's cell must
// have.
func (d *decoder) conditions(n *yaml.Node) []*whenItem {
	items, ok := d.List(n, "when")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Addf(n, "when", "must list at least one condition, or be left out")
	}
	var out []*whenItem
	for i, item := range items {
		w := d.condition(item, yamlfile.Index("when", i))
		if w == nil {
			continue
		}
		if j := slices.IndexFunc(out, func(o *whenItem) bool { return o.source == w.source }); j >= 0 {
			d.Addf(w.node, yamlfile.Join(w.field, "column"), "column %s has a condition already (%s): give one per column, with in: for several values", yamlfile.Quote(w.source), out[j].field)
			continue
		}
		out = append(out, w)
	}
	return out
}

// condition reads one condition: {column, equals} or {column, in}.
func (d *decoder) condition(n *yaml.Node, field string) *whenItem {
	f, ok := d.Mapping(n, field, "column", "equals", "in")
	if !ok {
		return nil
	}
	source, cn, ok := d.RequiredText(f, field, "column")
	if !ok {
		return nil
	}
	w := &whenItem{condition: condition{source: source}, field: field, node: cn}
	switch {
	case f.Has("equals") && f.Has("in"):
		d.Addf(n, field, "give equals or in, not both")
	case f.Has("equals"):
		if v, ok := d.Text(f.Vals["equals"], yamlfile.Join(field, "equals")); ok {
			w.values = []string{v}
		}
	case f.Has("in"):
		w.values = d.conditionValues(f.Vals["in"], yamlfile.Join(field, "in"))
	default:
		d.Addf(n, field, "needs equals: <value> or in: [<values>]")
	}
	return w
}

// conditionValues reads in:, a list of distinct values.
func (d *decoder) conditionValues(n *yaml.Node, field string) []string {
	items, ok := d.List(n, field)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Addf(n, field, "must list at least one value")
	}
	var vals []string
	for i, item := range items {
		v, ok := d.Text(item, yamlfile.Index(field, i))
		switch {
		case !ok:
		case slices.Contains(vals, v):
			d.Addf(item, yamlfile.Index(field, i), "%s is listed twice", yamlfile.Quote(v))
		default:
			vals = append(vals, v)
		}
	}
	return vals
}

// resolveWhen checks that each condition names a column the entries list,
// mapped or dropped, so that columns: stays the list of every column of the
// file. The identifier is never one: a mapping file never holds an
// identifier's value.
func (d *decoder) resolveWhen(items []*whenItem, entries []*entry) []*condition {
	out := make([]*condition, 0, len(items))
	for _, w := range items {
		field := yamlfile.Join(w.field, "column")
		i := slices.IndexFunc(entries, func(e *entry) bool { return e.source == w.source })
		switch {
		case i < 0:
			d.Addf(w.node, field, "%s must name a source column listed in columns (mapped or dropped)", yamlfile.Quote(w.source))
		case entries[i].id != nil:
			d.Addf(w.node, field, "%s is the identifier column (%s); a condition cannot read it", yamlfile.Quote(w.source), entries[i].field)
		default:
			out = append(out, &w.condition)
		}
	}
	return out
}
