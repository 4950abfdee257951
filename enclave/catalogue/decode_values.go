package catalogue

import (
	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// allowed reads a column's values and pattern: the allowed values of a code
// or text column. With both, every listed value must match the pattern.
func (r *reader) allowed(c *Column, f yamlfile.Fields, field string, typeOK bool) {
	vn, pn := f.Vals["values"], f.Vals["pattern"]
	if typeOK && !c.Type.textual() {
		if vn != nil {
			r.Addf(vn, yamlfile.Join(field, "values"), "only code and text columns have values")
		}
		if pn != nil {
			r.Addf(pn, yamlfile.Join(field, "pattern"), "only code and text columns have a pattern")
		}
	}
	if pn != nil {
		pattern, ok := r.Text(pn, yamlfile.Join(field, "pattern"))
		switch {
		case ok && pattern == "":
			r.Addf(pn, yamlfile.Join(field, "pattern"), "must not be empty")
		case ok:
			re, err := anchored(pattern)
			if err != nil {
				r.Addf(pn, yamlfile.Join(field, "pattern"), "is not a valid regular expression: %v", err)
				break
			}
			c.Pattern, c.re = pattern, re
		}
	}
	if vn != nil {
		c.Values = r.values(vn, yamlfile.Join(field, "values"), c)
	}
}

// values reads the list of allowed values: non-empty, unique, and matching
// the column's pattern when it has one.
func (r *reader) values(n *yaml.Node, field string, c *Column) []string {
	items, ok := r.List(n, field)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		r.Addf(n, field, "must list at least one value")
		return nil
	}
	vals := make([]string, 0, len(items))
	first := make(map[string]int) // value -> line first listed
	for i, item := range items {
		s, ok := r.Text(item, yamlfile.Index(field, i))
		switch {
		case !ok:
		case s == "":
			r.Addf(item, yamlfile.Index(field, i), "must not be empty")
		case first[s] != 0:
			r.Addf(item, yamlfile.Index(field, i), "%s is already listed at line %d", yamlfile.Quote(s), first[s])
		case c.re != nil && !c.re.MatchString(s):
			r.Addf(item, yamlfile.Index(field, i), "%s does not match the pattern", yamlfile.Quote(s))
		default:
			first[s] = item.Line
			vals = append(vals, s)
		}
	}
	return vals
}
