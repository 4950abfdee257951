package catalogue

import "go.yaml.in/yaml/v3"

// columns reads the list of column declarations.
func (r *reader) columns(n *yaml.Node) []Column {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" || n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		r.addf(n, "columns", "must list at least one column")
		return nil
	}
	items, ok := r.list(n, "columns")
	if !ok {
		return nil
	}
	cols := make([]Column, 0, len(items))
	first := make(map[string]int) // column name -> line first declared
	for i, item := range items {
		field := index("columns", i)
		c, ok := r.column(item, field)
		if !ok {
			continue
		}
		if line, dup := first[c.Name]; dup {
			r.addf(item, join(field, "name"), "column %s is already declared at line %d", quote(c.Name), line)
			continue
		}
		first[c.Name] = item.Line
		cols = append(cols, c)
	}
	return cols
}

// column reads one column declaration and checks that its type, role,
// values and pattern fit together. It returns false only when the
// declaration is not a mapping: a column with problems is still returned,
// so that the person check can find it.
func (r *reader) column(n *yaml.Node, field string) (Column, bool) {
	var c Column
	f, ok := r.mapping(n, field, "name", "type", "role", "description", "unit", "values", "pattern")
	if !ok {
		return c, false
	}
	if name, v, ok := r.requiredText(f, field, "name"); ok {
		if c.Name = name; !namePattern.MatchString(name) {
			r.addf(v, join(field, "name"), "%s %s", quote(name), nameRule)
		}
	}
	typ, typeNode, typeOK := r.requiredText(f, field, "type")
	if c.Type = Type(typ); typeOK && !c.Type.valid() {
		r.addf(typeNode, join(field, "type"), "%s is not one of %s", quote(typ), typeNames)
		typeOK = false
	}
	role, roleNode, roleOK := r.requiredText(f, field, "role")
	if c.Role = Role(role); roleOK && !c.Role.valid() {
		r.addf(roleNode, join(field, "role"), "%s is not one of %s", quote(role), roleNames)
		roleOK = false
	}
	if typeOK && roleOK {
		r.roleFits(c, roleNode, join(field, "role"))
	}
	if v := f.vals["description"]; v != nil {
		c.Description, _ = r.text(v, join(field, "description"))
	}
	if v := f.vals["unit"]; v != nil {
		c.Unit, _ = r.text(v, join(field, "unit"))
		if typeOK && !c.Type.numeric() {
			r.addf(v, join(field, "unit"), "only integer and number columns have a unit")
		}
	}
	r.allowed(&c, f, field, typeOK)
	return c, true
}

// roleFits checks the pairings of role and type that keep people hidden.
func (r *reader) roleFits(c Column, n *yaml.Node, field string) {
	switch {
	case c.Role == RoleMeasure && !c.Type.numeric():
		r.addf(n, field, "a measure must have type integer or number, not %s", c.Type)
	case c.Role == RoleIdentifier && c.Type != TypePseudonym && !c.Type.textual():
		r.addf(n, field, "an identifier must have type pseudonym, text or code, not %s", c.Type)
	case c.Type == TypePseudonym && c.Role != RoleIdentifier:
		r.addf(n, field, "a pseudonym column must have role identifier (pseudonyms are never output), not %s", c.Role)
	}
}
