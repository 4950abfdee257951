package mapping

import (
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// copied reads an entry whose value is copied, after an optional recode,
// and checked against the target column and the entry's own values or
// pattern.
func (d *decoder) copied(f yamlfile.Fields, field string, tc *catalogue.Column, col *column) {
	col.conv = convCopy
	if tc != nil && tc.Type == catalogue.TypeDate {
		d.Addf(f.Node, yamlfile.Join(field, "date"), "is required: %s is a date column; give date: {layout: 2006-01-02, coarsen: none}", yamlfile.Quote(tc.Name))
		return
	}
	vn, pn := f.Vals["values"], f.Vals["pattern"]
	if tc != nil && !textual(tc.Type) {
		if vn != nil {
			d.Addf(vn, yamlfile.Join(field, "values"), "only code and text columns take values")
		}
		if pn != nil {
			d.Addf(pn, yamlfile.Join(field, "pattern"), "only code and text columns take a pattern")
		}
	}
	if tc != nil && textual(tc.Type) {
		col.rule = d.rule(tc, vn, pn, field)
	}
	if rn := f.Vals["recode"]; rn != nil {
		col.recode = d.recode(rn, yamlfile.Join(field, "recode"), tc, col)
	}
}

func textual(t catalogue.Type) bool { return t == catalogue.TypeCode || t == catalogue.TypeText }

// rule builds the checks for a code or text target: the catalogue column's
// pattern and values, narrowed by the entry's own pattern (pn) and values
// (vn) when given. Values are checked against every pattern here, so that a
// row's value is only looked up.
func (d *decoder) rule(tc *catalogue.Column, vn, pn *yaml.Node, field string) textRule {
	var r textRule
	if tc.Pattern != "" {
		if re, err := anchored(tc.Pattern); err == nil { // the catalogue compiled it already
			r.patterns = append(r.patterns, re)
		}
	}
	if pn != nil {
		if p, ok := d.Text(pn, yamlfile.Join(field, "pattern")); ok {
			re, err := anchored(p)
			switch {
			case p == "":
				d.Addf(pn, yamlfile.Join(field, "pattern"), "must not be empty")
			case err != nil:
				d.Addf(pn, yamlfile.Join(field, "pattern"), "is not a valid regular expression: %v", err)
			default:
				r.patterns = append(r.patterns, re)
			}
		}
	}
	if vn != nil {
		r.allowed = d.ownValues(vn, yamlfile.Join(field, "values"), tc, &r)
		return r
	}
	if len(tc.Values) > 0 {
		r.allowed = make(map[string]any, len(tc.Values))
		for _, v := range tc.Values {
			if r.matches(v) {
				r.allowed[v] = v
			}
		}
		if len(r.allowed) == 0 {
			d.Addf(pn, yamlfile.Join(field, "pattern"), "matches none of column %s's values", tc.Name)
		}
	}
	return r
}

// ownValues reads an entry's own list of allowed values: each must be
// allowed by the catalogue column and match every pattern of r.
func (d *decoder) ownValues(n *yaml.Node, field string, tc *catalogue.Column, r *textRule) map[string]any {
	allowed := make(map[string]any)
	vals := d.names(n, field)
	if len(vals) == 0 && n.Kind == yaml.SequenceNode {
		d.Addf(n, field, "must list at least one value")
	}
	for i, v := range vals {
		err := tc.Accepts(v.name)
		switch {
		case allowed[v.name] != nil:
			d.Addf(v.node, yamlfile.Index(field, i), "%s is listed twice", yamlfile.Quote(v.name))
		case err != nil:
			d.Addf(v.node, yamlfile.Index(field, i), "%s is refused by the catalogue: %v", yamlfile.Quote(v.name), err)
		case !r.matches(v.name):
			d.Addf(v.node, yamlfile.Index(field, i), "%s does not match the pattern", yamlfile.Quote(v.name))
		default:
			allowed[v.name] = v.name
		}
	}
	return allowed
}

// anchored compiles a pattern so that it must match the whole value, as the
// catalogue's patterns do.
func anchored(pattern string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + pattern + `)$`)
}

// recode reads the map from source values to target values. A source value
// may be "" (to give empty cells a value) and a target value may be "" (to
// treat a placeholder as empty); every other target value must fit the
// target column.
func (d *decoder) recode(n *yaml.Node, field string, tc *catalogue.Column, col *column) map[string]string {
	if !d.Kind(n, field, yaml.MappingNode, "a mapping from source values to target values") {
		return nil
	}
	m := make(map[string]string, len(n.Content)/2)
	first := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		from, ok1 := d.Text(k, field)
		to, ok2 := d.Text(v, yamlfile.Join(field, from))
		switch {
		case !ok1 || !ok2:
			continue
		case first[from] != 0:
			d.Addf(k, field, "%s is recoded twice (first at line %d)", yamlfile.Quote(from), first[from])
			continue
		case to == "" && !col.optional:
			d.Addf(v, yamlfile.Join(field, from), "recodes to empty, but the column is not optional")
		case to != "" && tc != nil:
			if _, reason := col.copyValue(to); reason != "" {
				d.Addf(v, yamlfile.Join(field, from), "%s does not fit column %s: %s", yamlfile.Quote(to), tc.Name, reason.text())
			}
		}
		first[from] = k.Line
		m[from] = to
	}
	return m
}
