package catalogue

import (
	"testing"
	"time"
)

func TestGranularity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		g                 Granularity
		day               string
		start, end, label string
	}{
		{GranularityWeek, "2023-02-01", "2023-01-30", "2023-02-05", "2023-W05"},
		{GranularityWeek, "2023-01-30", "2023-01-30", "2023-02-05", "2023-W05"}, // a Monday
		{GranularityWeek, "2023-02-05", "2023-01-30", "2023-02-05", "2023-W05"}, // a Sunday
		{GranularityWeek, "2021-01-03", "2020-12-28", "2021-01-03", "2020-W53"}, // the ISO year is 2020
		{GranularityWeek, "2024-12-30", "2024-12-30", "2025-01-05", "2025-W01"}, // the ISO year is 2025
		{GranularityWeek, "2020-12-31", "2020-12-28", "2021-01-03", "2020-W53"},
		{GranularityMonth, "2023-04-17", "2023-04-01", "2023-04-30", "2023-04"},
		{GranularityMonth, "2024-02-10", "2024-02-01", "2024-02-29", "2024-02"}, // leap year
		{GranularityMonth, "2023-12-31", "2023-12-01", "2023-12-31", "2023-12"},
		{GranularityQuarter, "2023-05-20", "2023-04-01", "2023-06-30", "2023-Q2"},
		{GranularityQuarter, "2023-01-01", "2023-01-01", "2023-03-31", "2023-Q1"},
		{GranularityQuarter, "2023-12-31", "2023-10-01", "2023-12-31", "2023-Q4"},
		{GranularityYear, "2023-07-04", "2023-01-01", "2023-12-31", "2023"},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.day)
		start, end, label := tt.g.Start(d).Format(time.DateOnly), tt.g.End(d).Format(time.DateOnly), tt.g.Label(d)
		if start != tt.start || end != tt.end || label != tt.label {
			t.Errorf("%s of %s: %s to %s, %q; want %s to %s, %q", tt.g, tt.day, start, end, label, tt.start, tt.end, tt.label)
		}
	}
}

func TestPeriods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		g      Granularity
		lo, hi string
		want   int
	}{
		{GranularityWeek, "2023-01-02", "2023-01-08", 1},
		{GranularityWeek, "2023-01-01", "2023-01-02", 2}, // a Sunday, then a Monday
		{GranularityWeek, "2020-12-28", "2021-12-31", 53},
		{GranularityMonth, "2023-01-31", "2023-02-01", 2},
		{GranularityMonth, "2023-01-01", "2023-12-31", 12},
		{GranularityMonth, "2022-11-15", "2023-02-15", 4},
		{GranularityQuarter, "2023-03-31", "2023-04-01", 2},
		{GranularityQuarter, "2022-01-01", "2023-12-31", 8},
		{GranularityYear, "2000-06-01", "2023-01-01", 24},
		{GranularityMonth, "2023-02-01", "2023-01-31", 0},
		{GranularityYear, "0000-01-01", "9999-12-31", 10000},
	}
	for _, tt := range tests {
		lo, _ := time.Parse(time.DateOnly, tt.lo)
		hi, _ := time.Parse(time.DateOnly, tt.hi)
		if got := tt.g.Periods(lo, hi); got != tt.want {
			t.Errorf("%s from %s to %s: %d periods, want %d", tt.g, tt.lo, tt.hi, got, tt.want)
		}
	}
}
