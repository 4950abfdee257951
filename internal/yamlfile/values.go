package yamlfile

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Text reads a scalar as written; a null (an empty value or ~) reads as "".
func (r *Reader) Text(n *yaml.Node, field string) (string, bool) {
	if !r.Kind(n, field, yaml.ScalarNode, "a single value") {
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

// RequiredText reads a key that must be present with non-empty text.
func (r *Reader) RequiredText(f Fields, parent, key string) (string, *yaml.Node, bool) {
	v, ok := r.Require(f, parent, key)
	if !ok {
		return "", nil, false
	}
	s, ok := r.Text(v, Join(parent, key))
	if ok && s == "" {
		r.Addf(v, Join(parent, key), "must not be empty")
		return "", v, false
	}
	return s, v, ok
}

// Integer reads a whole number.
func (r *Reader) Integer(n *yaml.Node, field string) (int, bool) {
	if !r.Kind(n, field, yaml.ScalarNode, "a whole number") {
		return 0, false
	}
	i, err := strconv.Atoi(n.Value)
	if n.Tag != "!!int" || err != nil {
		r.Addf(n, field, "must be a whole number")
		return 0, false
	}
	return i, true
}

// Boolean reads true or false.
func (r *Reader) Boolean(n *yaml.Node, field string) (bool, bool) {
	if !r.Kind(n, field, yaml.ScalarNode, "true or false") {
		return false, false
	}
	if n.Tag != "!!bool" || (n.Value != "true" && n.Value != "false") {
		r.Addf(n, field, "must be true or false")
		return false, false
	}
	return n.Value == "true", true
}

// List reads a sequence.
func (r *Reader) List(n *yaml.Node, field string) ([]*yaml.Node, bool) {
	if !r.Kind(n, field, yaml.SequenceNode, "a list") {
		return nil, false
	}
	return n.Content, true
}
