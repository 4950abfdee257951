package catalogue

import (
	"strconv"
	"strings"
	"testing"
)

// TestCoarseningRules breaks one rule of bins and granularity per case and
// expects exactly the problems listed.
func TestCoarseningRules(t *testing.T) {
	t.Parallel()
	const f = "ae_attendances.yaml:"
	const wait, date = "unit: minutes}", "type: date, role: dimension}"
	many := make([]string, maxBins+2)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	runRuleCases(t, []ruleCase{
		{name: "edges", old: wait, new: "unit: minutes, bins: [60, 120, 240]}"},
		{name: "one edge", old: wait, new: "unit: minutes, bins: [60]}"},
		{name: "negative edges", old: wait, new: "unit: minutes, bins: [-60, 0, 60]}"},
		{name: "regular", old: wait, new: "unit: minutes, bins: {from: 0, to: 600, width: 60}}"},
		{name: "number edges", old: "type: integer, role: measure", new: "type: number, role: measure, bins: [18.5, 25, 3e1]"},
		{name: "number regular", old: "type: integer, role: measure", new: "type: number, role: measure, bins: {from: 0, to: 1, width: 0.1}"},
		{name: "most edges", old: wait, new: "unit: minutes, bins: [" + strings.Join(many[:maxBins+1], ", ") + "]}"},
		{name: "granularity", old: date, new: "type: date, role: dimension, granularity: week}"},

		{name: "bins on a date", old: date, new: "type: date, role: dimension, bins: [1, 2]}",
			want: []string{f + "12: columns[1].bins: only integer and number columns have bins"}},
		{name: "bins on a code", old: `values: ["0-4", "5-9", "10+"]`, new: `values: ["0-4"], bins: [1]`,
			want: []string{f + "13: columns[2].bins: only integer and number columns have bins"}},
		{name: "granularity on an integer", old: wait, new: "unit: minutes, granularity: month}",
			want: []string{f + "16: columns[5].granularity: only date columns have a granularity"}},
		{name: "granularity unknown", old: date, new: "type: date, role: dimension, granularity: day}",
			want: []string{f + `12: columns[1].granularity: "day" is not one of week, month, quarter, year`}},
		{name: "granularity a list", old: date, new: "type: date, role: dimension, granularity: [month]}",
			want: []string{f + "12: columns[1].granularity: must be a single value"}},
		{name: "bins never output", old: "type: text, role: never_output}", new: "type: integer, role: never_output, bins: [1]}",
			want: []string{f + "17: columns[6].bins: never_output columns are never grouped or filtered on, so they have no bins"}},
		{name: "granularity never output", old: "type: text, role: never_output}", new: "type: date, role: never_output, granularity: year}",
			want: []string{f + "17: columns[6].granularity: never_output columns are never grouped or filtered on, so they have no granularity"}},

		{name: "no edges", old: wait, new: "unit: minutes, bins: []}",
			want: []string{f + "16: columns[5].bins: must list at least one edge"}},
		{name: "too many edges", old: wait, new: "unit: minutes, bins: [" + strings.Join(many, ", ") + "]}",
			want: []string{f + "16: columns[5].bins: at most 1001 edges (1000 bins between them), not 1002"}},
		{name: "a scalar", old: wait, new: "unit: minutes, bins: 15}",
			want: []string{f + "16: columns[5].bins: must be a list of edges, such as [15, 30, 45], or a mapping {from: 1900, to: 2030, width: 1}"}},
		{name: "not increasing", old: wait, new: "unit: minutes, bins: [60, 60, 30, 90]}",
			want: []string{f + "16: columns[5].bins[1]: must be greater than the edge before it: edges are strictly increasing",
				f + "16: columns[5].bins[2]: must be greater than the edge before it: edges are strictly increasing"}},
		{name: "integer edge not whole", old: wait, new: "unit: minutes, bins: [1.5]}",
			want: []string{f + "16: columns[5].bins[0]: must be a whole number"}},
		{name: "integer edge too large", old: wait, new: "unit: minutes, bins: [1000000000000001]}",
			want: []string{f + "16: columns[5].bins[0]: must be between -1e15 and 1e15"}},
		{name: "number edge infinite", old: "type: integer, role: measure", new: "type: number, role: measure, bins: [.inf]",
			want: []string{f + "16: columns[5].bins[0]: must be a finite number"}},
		{name: "number edge too large", old: "type: integer, role: measure", new: "type: number, role: measure, bins: [1e16, -2e15]",
			want: []string{f + "16: columns[5].bins[0]: must be between -1e15 and 1e15", f + "16: columns[5].bins[1]: must be between -1e15 and 1e15"}},
		{name: "number edge text", old: "type: integer, role: measure", new: "type: number, role: measure, bins: [low]",
			want: []string{f + "16: columns[5].bins[0]: must be a finite number"}},

		{name: "regular width zero", old: wait, new: "unit: minutes, bins: {from: 0, to: 10, width: 0}}",
			want: []string{f + "16: columns[5].bins.width: must be more than 0"}},
		{name: "regular upside down", old: wait, new: "unit: minutes, bins: {from: 10, to: 0, width: 1}}",
			want: []string{f + "16: columns[5].bins.to: must be more than from"}},
		{name: "regular not whole widths", old: wait, new: "unit: minutes, bins: {from: 0, to: 100, width: 30}}",
			want: []string{f + "16: columns[5].bins: to - from must be a whole number of widths"}},
		{name: "regular number not whole widths", old: "type: integer, role: measure", new: "type: number, role: measure, bins: {from: 0, to: 1, width: 0.3}",
			want: []string{f + "16: columns[5].bins: to - from must be a whole number of widths"}},
		{name: "regular too many", old: wait, new: "unit: minutes, bins: {from: 0, to: 2000, width: 1}}",
			want: []string{f + "16: columns[5].bins: at most 1000 bins between from and to, not 2000"}},
		{name: "regular missing width", old: wait, new: "unit: minutes, bins: {from: 0, to: 10}}",
			want: []string{f + "16: columns[5].bins.width: is required"}},
		{name: "regular unknown key", old: wait, new: "unit: minutes, bins: {from: 0, to: 10, width: 1, step: 1}}",
			want: []string{f + `16: columns[5].bins: unknown key "step"`}},
		{name: "regular integer not whole", old: wait, new: "unit: minutes, bins: {from: 0, to: 10, width: 0.5}}",
			want: []string{f + "16: columns[5].bins.width: must be a whole number"}},
	})
}
