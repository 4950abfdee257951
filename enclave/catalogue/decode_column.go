package catalogue

import (
	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// columns reads the list of column declarations.
func (r *reader) columns(n *yaml.Node) []Column {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" || n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		r.Addf(n, "columns", "must list at least one column")
		return nil
	}
	items, ok := r.List(n, "columns")
	if !ok {
		return nil
	}
	cols := make([]Column, 0, len(items))
	first := make(map[string]int) // column name -> line first declared
	for i, item := range items {
		field := yamlfile.Index("columns", i)
		c, ok := r.column(item, field)
		if !ok {
			continue
		}
		if line, dup := first[c.Name]; dup {
			r.Addf(item, yamlfile.Join(field, "name"), "column %s is already declared at line %d", yamlfile.Quote(c.Name), line)
			continue
		}
		first[c.Name] = item.Line
		cols = append(cols, c)
	}
	return cols
}

// column reads one column declaration and checks that its type, role,
// values, pattern, bins and granularity fit together. It returns false only when the
// declaration is not a mapping: a column with problems is still returned,
// so that the person check can find it.
func (r *reader) column(n *yaml.Node, field string) (Column, bool) {
	var c Column
	f, ok := r.Mapping(n, field, "name", "type", "role", "description", "unit", "values", "pattern", "bins", "granularity")
	if !ok {
		return c, false
	}
	if name, v, ok := r.requiredText(f, field, "name"); ok {
		if c.Name = name; !namePattern.MatchString(name) {
			r.Addf(v, yamlfile.Join(field, "name"), "%s %s", yamlfile.Quote(name), nameRule)
		}
	}
	typ, typeNode, typeOK := r.requiredText(f, field, "type")
	if c.Type = Type(typ); typeOK && !c.Type.valid() {
		r.Addf(typeNode, yamlfile.Join(field, "type"), "%s is not one of %s", yamlfile.Quote(typ), typeNames)
		typeOK = false
	}
	role, roleNode, roleOK := r.requiredText(f, field, "role")
	if c.Role = Role(role); roleOK && !c.Role.valid() {
		r.Addf(roleNode, yamlfile.Join(field, "role"), "%s is not one of %s", yamlfile.Quote(role), roleNames)
		roleOK = false
	}
	if typeOK && roleOK {
		r.roleFits(c, roleNode, yamlfile.Join(field, "role"))
	}
	if v := f.Vals["description"]; v != nil {
		c.Description, _ = r.Text(v, yamlfile.Join(field, "description"))
	}
	if v := f.Vals["unit"]; v != nil {
		c.Unit, _ = r.Text(v, yamlfile.Join(field, "unit"))
		if typeOK && !c.Type.numeric() {
			r.Addf(v, yamlfile.Join(field, "unit"), "only integer and number columns have a unit")
		}
	}
	r.allowed(&c, f, field, typeOK)
	r.coarsening(&c, f, field, typeOK, roleOK)
	return c, true
}

// roleFits checks the pairings of role and type that keep people hidden.
func (r *reader) roleFits(c Column, n *yaml.Node, field string) {
	switch {
	case c.Role == RoleMeasure && !c.Type.numeric():
		r.Addf(n, field, "a measure must have type integer or number, not %s", c.Type)
	case c.Role == RoleIdentifier && c.Type != TypePseudonym && !c.Type.textual():
		r.Addf(n, field, "an identifier must have type pseudonym, text or code, not %s", c.Type)
	case c.Type == TypePseudonym && c.Role != RoleIdentifier:
		r.Addf(n, field, "a pseudonym column must have role identifier (pseudonyms are never output), not %s", c.Role)
	}
}
