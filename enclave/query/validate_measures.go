package query

import (
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// measures checks the measures and returns them qualified.
func (v *validator) measures(ms []Measure) []Measure {
	if len(ms) == 0 {
		v.problem("measures", "ask for at least one measure")
	}
	out := make([]Measure, len(ms))
	for i, m := range ms {
		field := fmt.Sprintf("measures[%d]", i)
		out[i] = m
		switch m.Kind {
		case CountPeople:
			v.unused(field, m, "column", "dataset", "p")
		case CountEvents:
			v.unused(field, m, "column", "p")
			out[i].Dataset = v.eventsDataset(field+".dataset", m.Dataset)
		case Sum, Mean, Percentile:
			v.unused(field, m, "dataset")
			out[i].Column = v.measureColumn(field+".column", m)
			if m.Kind != Percentile {
				v.unused(field, m, "p")
			} else if !(m.P > 0 && m.P < 1) {
				v.problem(field+".p", "must be a fraction between 0 and 1, such as 0.5 for the median")
			}
		case "":
			v.problem(field+".kind", "is required: one of %s", kindNames)
		default:
			v.problem(field+".kind", "must be one of %s", kindNames)
		}
	}
	return out
}

const kindNames = "count_people, count_events, sum, mean, percentile"

// unused records a problem for each of the named fields that m sets but
// its kind does not take.
func (v *validator) unused(field string, m Measure, fields ...string) {
	set := map[string]bool{"column": m.Column != "", "dataset": m.Dataset != "", "p": m.P != 0}
	for _, f := range fields {
		if set[f] {
			v.problem(field+"."+f, "%s takes no %s", m.Kind, f)
		}
	}
}

// eventsDataset returns the dataset whose rows count_events counts: the one
// named, which must be joined, or the query's only dataset.
func (v *validator) eventsDataset(field, name string) string {
	switch {
	case name == "" && len(v.joined) == 1:
		return v.joined[0].Name
	case name == "":
		v.problem(field, "say whose rows count_events counts: one of %s", names(v.joined))
	case !slices.ContainsFunc(v.joined, func(d *catalogue.Dataset) bool { return d.Name == name }):
		if validName(name) {
			v.problem(field, "dataset %s is not one of the query's datasets (%s)", name, names(v.joined))
		} else {
			v.problem(field, "not a dataset name: dataset names are lowercase letters, digits and _")
		}
	}
	return name
}

// measureColumn checks the column a sum, mean or percentile reads.
func (v *validator) measureColumn(field string, m Measure) string {
	if m.Column == "" {
		v.problem(field, "%s needs a measure column", m.Kind)
		return ""
	}
	name, col := v.column(field, m.Column, v.joined)
	if col != nil && (col.Role != catalogue.RoleMeasure || col.Type != catalogue.TypeInteger && col.Type != catalogue.TypeNumber) {
		v.problem(field, "column %s is %s, not a measure: %s takes an integer or number column with role measure", name, col.Role, m.Kind)
	}
	return name
}
