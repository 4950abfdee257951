package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// TestQueryGroupsByBinsAndMonths: a breakdown by eGFR bin and month, with
// its margins, counts the people Go counts from the table's rows with the
// catalogue's labels, in each way the store writes the statement: people
// only (grouped by the label expressions themselves), with events (grouped
// by the labels of the distinct rows), and with a sum under the magnitude
// rules (the people statement as well). With totals the months must be
// bounded, so the breakdown asks for the synthetic data's six years.
func TestQueryGroupsByBinsAndMonths(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 500)
	d, _ := e.cat.Dataset("gp_events")
	egfr, _ := d.Column("egfr")
	month, _ := d.Column("event_date")
	rows, err := e.db.Pool.Query(context.Background(), `SELECT pid, egfr, event_date FROM ds_gp_events_v1`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]map[string]bool{} // (bin, month), "*" for a total -> people
	for rows.Next() {
		var pid []byte
		var v *float64
		var day *time.Time
		if err := rows.Scan(&pid, &v, &day); err != nil {
			t.Fatal(err)
		}
		bin, period := "", ""
		if v != nil {
			bin = egfr.Labels()[egfr.Bins.Index(*v)]
		}
		if day == nil {
			continue // outside any window
		}
		period = month.Granularity.Label(*day)
		for _, k := range [][2]string{{bin, period}, {bin, "*"}, {"*", period}, {"*", "*"}} {
			if want[k] == nil {
				want[k] = map[string]bool{}
			}
			want[k][string(pid)] = true
		}
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if len(want[[2]string{"", "*"}]) == 0 || len(want[[2]string{"60-<90", "*"}]) == 0 {
		t.Fatalf("the synthetic data has no missing or 60-<90 eGFR: %d cells", len(want))
	}
	people := []query.Measure{{Kind: query.CountPeople}}
	years := []query.Filter{{Column: "gp_events.event_date", Op: query.Between, Values: []query.Value{"2020-01-01", "2025-12-31"}}}
	magnitude := disclosure.Rules{Threshold: 1, Rounding: 1, Totals: disclosure.TotalsIndependent, Mode: disclosure.ModeCellKey,
		Magnitude: disclosure.DefaultMagnitude()}
	for _, tt := range []struct {
		name     string
		measures []query.Measure
		rules    disclosure.Rules
	}{
		{"people only", people, disclosure.Rules{}},
		{"events", append(people, query.Measure{Kind: query.CountEvents}), disclosure.Rules{}},
		{"a sum under the magnitude rules", append(people, query.Measure{Kind: query.Sum, Column: "gp_events.bmi"}), magnitude},
	} {
		tab := e.runWith(t, query.Query{Datasets: []string{"gp_events"}, Measures: tt.measures,
			GroupBy: []string{"gp_events.egfr", "gp_events.event_date"}, Totals: true, Filters: years}, tt.rules)
		if len(tab.Cells) != len(want) {
			t.Errorf("%s: %d cells, want %d", tt.name, len(tab.Cells), len(want))
		}
		for _, c := range tab.Cells {
			var k [2]string
			for i, key := range c.Keys {
				if k[i] = key.Value; key.Total {
					k[i] = "*"
				}
			}
			if got := c.People; got != int64(len(want[k])) {
				t.Errorf("%s: cell %q has %d people, want %d", tt.name, k, got, len(want[k]))
			}
		}
	}
}
