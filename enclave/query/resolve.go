package query

import (
	"regexp"
	"slices"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// namePattern is the catalogue's rule for dataset and column names. A name
// that breaks it cannot be in the catalogue, and is never repeated in a
// message: it could be anything, even an identifier typed by mistake.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

func validName(s string) bool { return namePattern.MatchString(s) }

// column resolves a column name, "dataset.column" or an unqualified
// "column" that exactly one dataset in scope has, and returns it qualified
// with its declaration, or records why it cannot and returns nil.
func (v *validator) column(field, name string, scope []*catalogue.Dataset) (string, *catalogue.Column) {
	dataset, col, qualified := strings.Cut(name, ".")
	if !qualified {
		dataset, col = "", name
	}
	switch {
	case name == "":
		v.problem(field, "name a column")
		return "", nil
	case !validName(col) || qualified && !validName(dataset):
		v.problem(field, "not a column name: write dataset.column, in lowercase letters, digits and _")
		return "", nil
	}
	var found []*catalogue.Dataset
	for _, d := range scope {
		if _, ok := d.Column(col); ok && (!qualified || d.Name == dataset) {
			found = append(found, d)
		}
	}
	switch {
	case len(found) == 1:
		c, _ := found[0].Column(col)
		return found[0].Name + "." + col, c
	case len(found) > 1:
		v.problem(field, "column %s is in more than one dataset (%s): write dataset.column", col, names(found))
	case qualified && !slices.ContainsFunc(scope, func(d *catalogue.Dataset) bool { return d.Name == dataset }):
		v.problem(field, "dataset %s is not one of the datasets here (%s)", dataset, names(scope))
	case qualified:
		v.problem(field, "dataset %s has no column %s", dataset, col)
	default:
		v.problem(field, "no column %s in %s", col, names(scope))
	}
	return "", nil
}

// names lists datasets for a message: "patients" or "patients, gp_events".
func names(ds []*catalogue.Dataset) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.Name
	}
	if len(s) == 0 {
		return "none found"
	}
	return strings.Join(s, ", ")
}

// lookup returns the declaration of a qualified column that resolved.
func (v *validator) lookup(name string) catalogue.Column {
	dataset, column, _ := strings.Cut(name, ".")
	if d, ok := v.cat.Dataset(dataset); ok {
		if c, ok := d.Column(column); ok {
			return *c
		}
	}
	return catalogue.Column{}
}
