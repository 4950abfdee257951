package web

import (
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TestChart: released counts are bars scaled to the largest; a hidden
// cell is a gap marked with its rule, with no bar and no value; the chart
// stops at maxBars cells and says how many more the table has.
func TestChart(t *testing.T) {
	t.Parallel()
	n := func(v int64) *int64 { return &v }
	r := &disclosure.Result{Dimensions: []string{"sex"}, Cells: []disclosure.Released{
		{Keys: []disclosure.Key{{Value: "F"}}, People: n(200)},
		{Keys: []disclosure.Key{{Value: "M"}}, People: n(100)},
		{Keys: []disclosure.Key{{Value: "U"}}, Suppressed: disclosure.RulePrimary},
		{Keys: []disclosure.Key{{Total: true}}, Suppressed: disclosure.RuleSecondary},
	}}
	ch := newChart(r)
	want := []bar{
		{Label: "F", Full: "F", Value: "200", Width: barsWidth},
		{Label: "M", Full: "M", Value: "100", Width: barsWidth / 2},
		{Label: "U", Full: "U", Hidden: "hidden: " + string(disclosure.RulePrimary)},
		{Label: "(total)", Full: "(total)", Hidden: "hidden: " + string(disclosure.RuleSecondary)},
	}
	if ch.Title != "People by sex" || len(ch.Bars) != len(want) || !strings.Contains(ch.Desc, "2 released counts") || !strings.Contains(ch.Desc, "2 hidden cells") {
		t.Fatalf("chart %+v", ch)
	}
	for i, w := range want {
		got := ch.Bars[i]
		if got.Label != w.Label || got.Full != w.Full || got.Value != w.Value || got.Width != w.Width || got.Hidden != w.Hidden {
			t.Errorf("bar %d = %+v, want %+v", i, got, w)
		}
	}
	if newChart(&disclosure.Result{}) != nil {
		t.Error("a result without cells has a chart")
	}
	many := &disclosure.Result{Dimensions: []string{"lsoa_code"}}
	for range maxBars + 3 {
		many.Cells = append(many.Cells, disclosure.Released{Keys: []disclosure.Key{{Value: strings.Repeat("x", 40)}}, People: n(10)})
	}
	if ch := newChart(many); len(ch.Bars) != maxBars || ch.Omitted != 3 || len([]rune(ch.Bars[0].Label)) != maxLabelLen {
		t.Errorf("a long answer: %d bars, %d omitted, label %q", len(ch.Bars), ch.Omitted, ch.Bars[0].Label)
	}
}
