package catalogue

import (
	"slices"
	"testing"
)

func TestGroupBy(t *testing.T) {
	t.Parallel()
	bins := &Bins{Edges: []float64{10, 20}}
	tests := []struct {
		name       string
		col        Column
		want       GroupBy
		categories []string
	}{
		{"code with values", Column{Type: TypeCode, Role: RoleDimension, Values: []string{"a", "b"}}, GroupByCategories, []string{"a", "b"}},
		{"text with values", Column{Type: TypeText, Role: RoleQuasiIdentifier, Values: []string{"x"}}, GroupByCategories, []string{"x"}},
		{"boolean", Column{Type: TypeBoolean, Role: RoleDimension}, GroupByCategories, []string{"false", "true"}},
		{"open code", Column{Type: TypeCode, Role: RoleDimension, Pattern: "[A-Z]"}, GroupByOpen, nil},
		{"binned integer", Column{Type: TypeInteger, Role: RoleMeasure, Bins: bins}, GroupByBins, []string{"<10", "10-19", "20+"}},
		{"binned number", Column{Type: TypeNumber, Role: RoleDimension, Bins: bins}, GroupByBins, []string{"<10", "10-<20", "20+"}},
		{"integer without bins", Column{Type: TypeInteger, Role: RoleMeasure}, GroupByNone, nil},
		{"number without bins", Column{Type: TypeNumber, Role: RoleQuasiIdentifier}, GroupByNone, nil},
		{"date by month", Column{Type: TypeDate, Role: RoleDimension, Granularity: GranularityMonth}, "month", nil},
		{"date by week", Column{Type: TypeDate, Role: RoleDimension, Granularity: GranularityWeek}, "week", nil},
		{"date without granularity", Column{Type: TypeDate, Role: RoleDimension}, GroupByNone, nil},
		{"identifier", Column{Type: TypeCode, Role: RoleIdentifier, Values: []string{"a"}}, GroupByNone, nil},
		{"never output", Column{Type: TypeBoolean, Role: RoleNeverOutput}, GroupByNone, nil},
	}
	for _, tt := range tests {
		if got := tt.col.GroupBy(); got != tt.want {
			t.Errorf("%s: GroupBy() = %q, want %q", tt.name, got, tt.want)
		}
		if got := tt.col.Categories(); !slices.Equal(got, tt.categories) {
			t.Errorf("%s: Categories() = %q, want %q", tt.name, got, tt.categories)
		}
	}
}
