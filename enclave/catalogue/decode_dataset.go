package catalogue

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// Limits on the disclosure minimums a file may declare.
const (
	minThreshold = 1
	maxThreshold = 1000
	minRounding  = 1
)

// dataset reads the top-level mapping of a file.
func (r *reader) dataset(n *yaml.Node, stem string) *Dataset {
	f, ok := r.Mapping(n, "", "dataset", "version", "title", "description", "sensitivity", "review", "person", "disclosure", "columns")
	if !ok {
		return nil
	}
	d := &Dataset{}
	if name, v, ok := r.requiredText(f, "", "dataset"); ok {
		switch {
		case !namePattern.MatchString(name):
			r.Addf(v, "dataset", "%s %s", yamlfile.Quote(name), nameRule)
		case name != stem:
			r.Addf(v, "dataset", "%s must equal the file name (%s.yaml)", yamlfile.Quote(name), stem)
		}
		d.Name = name
	}
	if v, ok := r.Require(f, "", "version"); ok {
		if d.Version, ok = r.Integer(v, "version"); ok && d.Version < 1 {
			r.Addf(v, "version", "must be 1 or more")
		}
	}
	d.Title, _, _ = r.requiredText(f, "", "title")
	if v := f.Vals["description"]; v != nil {
		d.Description, _ = r.Text(v, "description")
	}
	if s, v, ok := r.requiredText(f, "", "sensitivity"); ok {
		if d.Sensitivity = Sensitivity(s); !d.Sensitivity.valid() {
			r.Addf(v, "sensitivity", "%s is not one of %s", yamlfile.Quote(s), sensitivityNames)
		}
	}
	if v := f.Vals["review"]; v != nil {
		d.Review, _ = r.Boolean(v, "review")
	}
	if v, ok := r.Require(f, "", "disclosure"); ok {
		d.Disclosure = r.disclosure(v)
	}
	if v, ok := r.Require(f, "", "columns"); ok {
		d.Columns = r.columns(v)
	}
	if p, v, ok := r.requiredText(f, "", "person"); ok {
		d.Person = p
		r.person(d, v)
	}
	return d
}

// person checks that the person column is a declared pseudonym identifier.
func (r *reader) person(d *Dataset, v *yaml.Node) {
	if d.Columns == nil {
		return // the columns are missing or broken; that problem is reported
	}
	c, ok := d.Column(d.Person)
	switch {
	case !ok:
		r.Addf(v, "person", "%s is not one of the columns", yamlfile.Quote(d.Person))
	case c.Type != TypePseudonym || c.Role != RoleIdentifier:
		r.Addf(v, "person", "column %s must have type pseudonym and role identifier", yamlfile.Quote(c.Name))
	}
}

func (r *reader) disclosure(n *yaml.Node) Disclosure {
	dc := Disclosure{Mode: disclosure.ModeBase,
		Dominance: Dominance{N: defaultDominanceN, KPercent: defaultDominanceK}, PPercent: defaultPPercent}
	f, ok := r.Mapping(n, "disclosure", "threshold", "rounding", "mode", "dominance", "p_percent")
	if !ok {
		return dc
	}
	if v, ok := r.Require(f, "disclosure", "threshold"); ok {
		dc.Threshold = r.bounded(v, "disclosure.threshold", minThreshold, maxThreshold)
	}
	if v, ok := r.Require(f, "disclosure", "rounding"); ok {
		if dc.Rounding, ok = r.Integer(v, "disclosure.rounding"); ok && dc.Rounding < minRounding {
			r.Addf(v, "disclosure.rounding", "must be 1 or more (1 means no rounding)")
		}
	}
	if v := f.Vals["mode"]; v != nil {
		if m, ok := r.Text(v, "disclosure.mode"); ok {
			switch dc.Mode = disclosure.Mode(m); dc.Mode {
			case disclosure.ModeBase:
			case disclosure.ModeMidpoint6, disclosure.ModeCellKey:
				if dc.Rounding != 1 {
					r.Addf(v, "disclosure.mode", "%s replaces rounding to a base, so disclosure.rounding must be 1", m)
				}
			default:
				r.Addf(v, "disclosure.mode", "%s is not one of %s, %s, %s", yamlfile.Quote(m),
					disclosure.ModeBase, disclosure.ModeMidpoint6, disclosure.ModeCellKey)
			}
		}
	}
	if v := f.Vals["dominance"]; v != nil {
		if g, ok := r.Mapping(v, "disclosure.dominance", "n", "k_percent"); ok {
			if v, ok := r.Require(g, "disclosure.dominance", "n"); ok {
				dc.Dominance.N = r.bounded(v, "disclosure.dominance.n", 1, disclosure.MaxTop)
			}
			if v, ok := r.Require(g, "disclosure.dominance", "k_percent"); ok {
				dc.Dominance.KPercent = r.bounded(v, "disclosure.dominance.k_percent", 1, 99)
			}
		}
	}
	if v := f.Vals["p_percent"]; v != nil {
		dc.PPercent = r.bounded(v, "disclosure.p_percent", 1, 100)
	}
	return dc
}

// bounded reads a whole number from lo to hi.
func (r *reader) bounded(v *yaml.Node, field string, lo, hi int) int {
	n, ok := r.Integer(v, field)
	if ok && (n < lo || n > hi) {
		r.Addf(v, field, "must be between %d and %d", lo, hi)
	}
	return n
}

// requiredText reads a key that must be present with non-blank text: unlike
// yamlfile.Reader.RequiredText, text of only spaces counts as empty.
func (r *reader) requiredText(f yamlfile.Fields, parent, key string) (string, *yaml.Node, bool) {
	v, ok := r.Require(f, parent, key)
	if !ok {
		return "", nil, false
	}
	s, ok := r.Text(v, yamlfile.Join(parent, key))
	if ok && strings.TrimSpace(s) == "" {
		r.Addf(v, yamlfile.Join(parent, key), "must not be empty")
		return "", v, false
	}
	return s, v, ok
}
