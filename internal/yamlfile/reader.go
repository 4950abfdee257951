package yamlfile

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Reader walks one file's YAML nodes, collecting problems with their lines
// instead of stopping at the first. Packages embed it in their own reader
// and add the methods for their own kind of file.
type Reader struct {
	file     string
	lines    int // in the file
	Problems []Problem
}

// NewReader returns a Reader for data, whose problems name file.
func NewReader(file string, data []byte) Reader {
	return Reader{file: file, lines: lineCount(data)}
}

// Addf records a problem with field at n's line.
func (r *Reader) Addf(n *yaml.Node, field, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{File: r.file, Line: r.line(n.Line), Field: field, Message: fmt.Sprintf(format, args...)})
}

// line keeps a reported line inside the file: at the end of the stream
// yaml.v3 points at the line after the last, and at line 0 for some errors.
func (r *Reader) line(n int) int {
	return max(min(n, r.lines), 1)
}

// Fields is a mapping's values by key, and the mapping node itself for the
// position of problems about missing keys.
type Fields struct {
	Node *yaml.Node
	Vals map[string]*yaml.Node
}

// Key returns the node of key itself, for problems about the whole value
// that are best shown where the key is written.
func (f Fields) Key(key string) *yaml.Node {
	for i := 0; i+1 < len(f.Node.Content); i += 2 {
		if f.Node.Content[i].Value == key {
			return f.Node.Content[i]
		}
	}
	return f.Node
}

// Has reports whether key was given.
func (f Fields) Has(key string) bool { return f.Vals[key] != nil }

// Mapping reads a mapping whose keys must all be in known. Unknown and
// repeated keys are problems, so that a typo is never silently ignored.
func (r *Reader) Mapping(n *yaml.Node, field string, known ...string) (Fields, bool) {
	if !r.Kind(n, field, yaml.MappingNode, "a mapping of keys to values") {
		return Fields{}, false
	}
	f := Fields{Node: n, Vals: make(map[string]*yaml.Node, len(known))}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			r.Addf(k, field, "keys must be plain words")
		case !slices.Contains(known, k.Value):
			r.Addf(k, field, "unknown key %s%s", Quote(k.Value), suggest(k.Value, known))
		case f.Vals[k.Value] != nil:
			r.Addf(k, Join(field, k.Value), "repeated key (first given at line %d)", f.Vals[k.Value].Line)
		default:
			f.Vals[k.Value] = v
		}
	}
	return f, true
}

// Require returns the value of a key that must be present.
func (r *Reader) Require(f Fields, parent, key string) (*yaml.Node, bool) {
	v := f.Vals[key]
	if v == nil {
		r.Addf(f.Node, Join(parent, key), "is required")
	}
	return v, v != nil
}

// Kind reports whether n is of kind want, recording a problem that it must
// be what when it is not. Aliases are refused whatever the kind.
func (r *Reader) Kind(n *yaml.Node, field string, want yaml.Kind, what string) bool {
	switch {
	case n.Kind == yaml.AliasNode:
		r.Addf(n, field, "aliases (*%s) are not allowed; write the value out", n.Value)
		return false
	case n.Kind != want:
		r.Addf(n, field, "must be %s", what)
		return false
	}
	return true
}
