package mapping

import (
	"fmt"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// reader walks one mapping file's YAML nodes, collecting problems with their
// lines instead of stopping at the first. It follows package catalogue's
// reader, so that both kinds of file report problems the same way.
type reader struct {
	file  string
	lines int // in the file
	probs []Problem
}

func (r *reader) addf(n *yaml.Node, field, format string, args ...any) {
	line := max(min(n.Line, r.lines), 1) // yaml.v3 can point past the end
	r.probs = append(r.probs, Problem{File: r.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// fields is a mapping's values by key, and the mapping node itself for the
// position of problems about missing keys.
type fields struct {
	node *yaml.Node
	vals map[string]*yaml.Node
}

// key returns the node of key itself, for problems about the whole value
// that are best shown where the key is written.
func (f fields) key(key string) *yaml.Node {
	for i := 0; i+1 < len(f.node.Content); i += 2 {
		if f.node.Content[i].Value == key {
			return f.node.Content[i]
		}
	}
	return f.node
}

// has reports whether key was given.
func (f fields) has(key string) bool { return f.vals[key] != nil }

// mapping reads a mapping whose keys must all be in known. Unknown and
// repeated keys are problems, so that a typo is never silently ignored.
func (r *reader) mapping(n *yaml.Node, field string, known ...string) (fields, bool) {
	if !r.kind(n, field, yaml.MappingNode, "a mapping of keys to values") {
		return fields{}, false
	}
	f := fields{node: n, vals: make(map[string]*yaml.Node, len(known))}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			r.addf(k, field, "keys must be plain words")
		case !slices.Contains(known, k.Value):
			r.addf(k, field, "unknown key %s%s", quote(k.Value), suggest(k.Value, known))
		case f.vals[k.Value] != nil:
			r.addf(k, join(field, k.Value), "repeated key (first given at line %d)", f.vals[k.Value].Line)
		default:
			f.vals[k.Value] = v
		}
	}
	return f, true
}

// require returns the value of a key that must be present.
func (r *reader) require(f fields, parent, key string) (*yaml.Node, bool) {
	v := f.vals[key]
	if v == nil {
		r.addf(f.node, join(parent, key), "is required")
	}
	return v, v != nil
}

func (r *reader) kind(n *yaml.Node, field string, want yaml.Kind, what string) bool {
	switch {
	case n.Kind == yaml.AliasNode:
		r.addf(n, field, "aliases (*%s) are not allowed; write the value out", n.Value)
		return false
	case n.Kind != want:
		r.addf(n, field, "must be %s", what)
		return false
	}
	return true
}

// text reads a scalar as written; a null (an empty value or ~) reads as "".
func (r *reader) text(n *yaml.Node, field string) (string, bool) {
	if !r.kind(n, field, yaml.ScalarNode, "a single value") {
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

// requiredText reads a key that must be present with non-empty text.
func (r *reader) requiredText(f fields, parent, key string) (string, *yaml.Node, bool) {
	v, ok := r.require(f, parent, key)
	if !ok {
		return "", nil, false
	}
	s, ok := r.text(v, join(parent, key))
	if ok && s == "" {
		r.addf(v, join(parent, key), "must not be empty")
		return "", v, false
	}
	return s, v, ok
}

// integer reads a whole number.
func (r *reader) integer(n *yaml.Node, field string) (int, bool) {
	if !r.kind(n, field, yaml.ScalarNode, "a whole number") {
		return 0, false
	}
	i, err := strconv.Atoi(n.Value)
	if n.Tag != "!!int" || err != nil {
		r.addf(n, field, "must be a whole number")
		return 0, false
	}
	return i, true
}

// boolean reads true or false.
func (r *reader) boolean(n *yaml.Node, field string) (bool, bool) {
	if !r.kind(n, field, yaml.ScalarNode, "true or false") {
		return false, false
	}
	if n.Tag != "!!bool" || (n.Value != "true" && n.Value != "false") {
		r.addf(n, field, "must be true or false")
		return false, false
	}
	return n.Value == "true", true
}

// list reads a sequence.
func (r *reader) list(n *yaml.Node, field string) ([]*yaml.Node, bool) {
	if !r.kind(n, field, yaml.SequenceNode, "a list") {
		return nil, false
	}
	return n.Content, true
}
