package catalogue

import (
	"errors"
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// bins reads bins as a list of edges or as the regular form.
func (r *reader) bins(n *yaml.Node, field string, integer bool) *Bins {
	switch n.Kind {
	case yaml.SequenceNode:
		return r.edgeList(n, field, integer)
	case yaml.MappingNode:
		return r.regular(n, field, integer)
	case yaml.AliasNode:
		r.Kind(n, field, yaml.SequenceNode, "") // reports the alias
	default:
		r.Addf(n, field, "must be a list of edges, such as [15, 30, 45], or a mapping {from: 1900, to: 2030, width: 1}")
	}
	return nil
}

// edgeList reads bins: [e0, e1, ...].
func (r *reader) edgeList(n *yaml.Node, field string, integer bool) *Bins {
	switch {
	case len(n.Content) == 0:
		r.Addf(n, field, "must list at least one edge")
		return nil
	case len(n.Content) > maxBins+1:
		r.Addf(n, field, "at most %d edges (%d bins between them), not %d", maxBins+1, maxBins, len(n.Content))
		return nil
	}
	b := &Bins{}
	for i, item := range n.Content {
		v, ok := r.edge(item, yamlfile.Index(field, i), integer)
		switch {
		case !ok:
		case len(b.Edges) > 0 && v <= b.Edges[len(b.Edges)-1]:
			r.Addf(item, yamlfile.Index(field, i), "must be greater than the edge before it: edges are strictly increasing")
		default:
			b.Edges = append(b.Edges, v)
		}
	}
	return b
}

// regular reads bins: {from, to, width}.
func (r *reader) regular(n *yaml.Node, field string, integer bool) *Bins {
	f, ok := r.Mapping(n, field, "from", "to", "width")
	if !ok {
		return nil
	}
	var rb RegularBins
	okAll := true
	for _, k := range []struct {
		key  string
		into *float64
	}{{"from", &rb.From}, {"to", &rb.To}, {"width", &rb.Width}} {
		v, ok := r.Require(f, field, k.key)
		if ok {
			*k.into, ok = r.edge(v, yamlfile.Join(field, k.key), integer)
		}
		okAll = okAll && ok
	}
	if !okAll {
		return nil
	}
	switch {
	case rb.Width <= 0:
		r.Addf(f.Vals["width"], yamlfile.Join(field, "width"), "must be more than 0")
		return nil
	case rb.To <= rb.From:
		r.Addf(f.Vals["to"], yamlfile.Join(field, "to"), "must be more than from")
		return nil
	}
	count := (rb.To - rb.From) / rb.Width
	whole := math.Round(count)
	if integer && math.Mod(rb.To-rb.From, rb.Width) != 0 || math.Abs(count-whole) > 1e-9*whole {
		r.Addf(n, field, "to - from must be a whole number of widths")
		return nil
	}
	if whole > maxBins {
		r.Addf(n, field, "at most %d bins between from and to, not %.0f", maxBins, whole)
		return nil
	}
	b := &Bins{Edges: regularEdges(rb, int(whole)), Regular: &rb}
	for i := 1; i < len(b.Edges); i++ {
		if b.Edges[i] <= b.Edges[i-1] { // a width too small for the edges' precision
			r.Addf(n, field, "the width is too small to tell the edges apart")
			return nil
		}
	}
	return b
}

// edge reads one edge: a whole number for an integer column, any finite
// number otherwise, of magnitude at most 1e15.
func (r *reader) edge(n *yaml.Node, field string, integer bool) (float64, bool) {
	if integer {
		i, ok := r.Integer(n, field)
		if ok && !finite(float64(i)) {
			r.Addf(n, field, "must be between -1e15 and 1e15")
			return 0, false
		}
		return float64(i), ok
	}
	if !r.Kind(n, field, yaml.ScalarNode, "a number") {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	switch {
	case n.Tag != "!!int" && n.Tag != "!!float" || err != nil && !errors.Is(err, strconv.ErrRange):
		r.Addf(n, field, "must be a finite number")
		return 0, false
	case !finite(v):
		r.Addf(n, field, "must be between -1e15 and 1e15")
		return 0, false
	}
	return v + 0, true // -0 is 0
}
