package postgres_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestQuoteLiteral: every constant reads back as written, whatever
// standard_conforming_strings says.
func TestQuoteLiteral(t *testing.T) {
	t.Parallel()
	conn := pgtest.New(t).Super(t)
	ctx := context.Background()
	for _, scs := range []string{"on", "off"} {
		if _, err := conn.Exec(ctx, "SET standard_conforming_strings = "+scs); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"", "90+", "18.5-<25", "-10--1", "it's", "''", `back\slash`, `\'; SELECT 1; --`, `E'\x41'`, "$1", "€ é", `YYYY-"Q"Q`} {
			var got string
			if err := conn.QueryRow(ctx, "SELECT "+postgres.QuoteLiteral(s)+"::text").Scan(&got); err != nil || got != s {
				t.Errorf("standard_conforming_strings %s: %s read back as %q, %v; want %q", scs, postgres.QuoteLiteral(s), got, err, s)
			}
		}
	}
}

// TestBinLabelsMatchTheCatalogue: the label PostgreSQL gives a value is
// the catalogue's label of the bin catalogue.Bins.Index puts it in, at
// every edge, on both sides of it, far outside the edges and for NULL; and
// the labels met are exactly Column.Labels.
func TestBinLabelsMatchTheCatalogue(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	cols := []catalogue.Column{
		{Name: "a", Type: catalogue.TypeInteger, Role: catalogue.RoleMeasure, Bins: &catalogue.Bins{Edges: []float64{-10, 0, 2, 3}}},
		{Name: "b", Type: catalogue.TypeNumber, Role: catalogue.RoleMeasure, Bins: &catalogue.Bins{Edges: []float64{0.1, 0.2, 0.3, 1e6}}},
		{Name: "c", Type: catalogue.TypeInteger, Role: catalogue.RoleMeasure, Bins: &catalogue.Bins{Edges: []float64{7}}},
	}
	for _, d := range cat.Datasets() {
		for _, c := range d.Columns {
			if c.GroupBy() == catalogue.GroupByBins {
				cols = append(cols, c)
			}
		}
	}
	conn := pgtest.New(t).Super(t)
	for _, c := range cols {
		probes := probesOf(c)
		got := binLabels(t, conn, c, probes)
		var met []string
		for i, v := range probes {
			want := c.Labels()[c.Bins.Index(v)]
			if got[i] == nil || *got[i] != want {
				t.Errorf("%s: %v is labelled %v, want %q", c.Name, v, got[i], want)
			} else if !slices.Contains(met, want) {
				met = append(met, want)
			}
		}
		if !slices.Equal(met, c.Labels()) {
			t.Errorf("%s: labels met %q, want %q", c.Name, met, c.Labels())
		}
		if got[len(probes)] != nil {
			t.Errorf("%s: NULL is labelled %q, want NULL", c.Name, *got[len(probes)])
		}
	}
}

// probesOf returns, in increasing order, values far below the first edge,
// every edge with the values just below and above it, and far above.
func probesOf(c catalogue.Column) []float64 {
	out := []float64{c.Bins.Edges[0] - 1e9}
	for _, e := range c.Bins.Edges {
		below, above := math.Nextafter(e, math.Inf(-1)), math.Nextafter(e, math.Inf(1))
		if c.Type == catalogue.TypeInteger {
			below, above = e-1, e+1
		}
		out = append(out, below, e, above)
	}
	slices.Sort(out)
	return append(slices.Compact(out), c.Bins.Edges[len(c.Bins.Edges)-1]+1e9)
}

// binLabels labels the probes, and then NULL, as a query grouped by c does.
func binLabels(t *testing.T, conn *pgx.Conn, c catalogue.Column, probes []float64) []*string {
	t.Helper()
	var args any = probes
	typ := "double precision"
	if c.Type == catalogue.TypeInteger {
		ints := make([]int64, len(probes))
		for i, v := range probes {
			ints[i] = int64(v)
		}
		args, typ = ints, "bigint"
	}
	label, err := postgres.GroupLabel("v", c)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(context.Background(), "SELECT "+label+" FROM unnest($1::"+typ+"[] || NULL::"+typ+") WITH ORDINALITY AS t(v, n) ORDER BY n", args)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[*string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPeriodLabelsMatchTheCatalogue: PostgreSQL labels every day of two
// years around the ISO week-year edges, and a few far ones, with the
// period catalogue.Granularity.Label gives, and NULL with NULL.
func TestPeriodLabelsMatchTheCatalogue(t *testing.T) {
	t.Parallel()
	conn := pgtest.New(t).Super(t)
	ctx := context.Background()
	var days []time.Time
	for d := time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2022; d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	for _, s := range []string{"0001-01-01", "1900-01-01", "2008-12-29", "2010-01-03", "2024-12-30", "2026-12-31", "2027-01-01", "9999-12-31"} {
		d, _ := time.Parse(time.DateOnly, s)
		days = append(days, d)
	}
	for _, g := range []catalogue.Granularity{catalogue.GranularityWeek, catalogue.GranularityMonth, catalogue.GranularityQuarter, catalogue.GranularityYear} {
		label, err := postgres.GroupLabel("d", catalogue.Column{Name: "d", Type: catalogue.TypeDate, Role: catalogue.RoleDimension, Granularity: g})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := conn.Query(ctx, "SELECT "+label+" FROM unnest($1::date[] || NULL::date) WITH ORDINALITY AS t(d, n) ORDER BY n", days)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[*string])
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range days {
			if want := g.Label(d); got[i] == nil || *got[i] != want {
				t.Errorf("%s of %s: %v, want %q", g, d.Format(time.DateOnly), got[i], want)
			}
		}
		if got[len(days)] != nil {
			t.Errorf("%s of NULL: %q, want NULL", g, *got[len(days)])
		}
	}
}
