package catalogue

import (
	"fmt"
	"time"
)

// Granularity is the declared coarsening of a date column: the calendar
// periods a query may group it by. Its date filters are widened to whole
// periods. The names are those written in catalogue files; they travel into
// the JSON view, so never rename one.
type Granularity string

// The granularities.
const (
	GranularityWeek    Granularity = "week"    // ISO 8601 weeks, Monday to Sunday: "2023-W05"
	GranularityMonth   Granularity = "month"   // "2023-04"
	GranularityQuarter Granularity = "quarter" // January to March is Q1: "2023-Q2"
	GranularityYear    Granularity = "year"    // "2023"
)

const granularityNames = "week, month, quarter, year"

func (g Granularity) valid() bool {
	switch g {
	case GranularityWeek, GranularityMonth, GranularityQuarter, GranularityYear:
		return true
	}
	return false
}

// Start returns the first day of the period holding d, at midnight UTC.
func (g Granularity) Start(d time.Time) time.Time {
	y, m, day := d.Date()
	switch g {
	case GranularityWeek:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, day-back, 0, 0, 0, 0, time.UTC)
	case GranularityMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case GranularityQuarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case GranularityYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// End returns the last day of the period holding d, at midnight UTC.
func (g Granularity) End(d time.Time) time.Time {
	s := g.Start(d)
	switch g {
	case GranularityWeek:
		return s.AddDate(0, 0, 6)
	case GranularityMonth:
		return s.AddDate(0, 1, -1)
	case GranularityQuarter:
		return s.AddDate(0, 3, -1)
	case GranularityYear:
		return s.AddDate(1, 0, -1)
	}
	return s
}

// Label returns the label of the period holding d, as a query grouped by
// the column releases it: "2023-W05" (the ISO week-year and week, so
// 2021-01-03 is in 2020-W53), "2023-04", "2023-Q2" or "2023".
func (g Granularity) Label(d time.Time) string {
	switch g {
	case GranularityWeek:
		y, w := d.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case GranularityMonth:
		return fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month()))
	case GranularityQuarter:
		return fmt.Sprintf("%04d-Q%d", d.Year(), (int(d.Month())+2)/3)
	case GranularityYear:
		return fmt.Sprintf("%04d", d.Year())
	}
	return d.Format(time.DateOnly)
}

// Periods returns how many periods there are from the one holding lo to the
// one holding hi, both included, or 0 when hi's period is before lo's.
func (g Granularity) Periods(lo, hi time.Time) int {
	y1, m1, _ := lo.Date()
	y2, m2, _ := hi.Date()
	var n int
	switch g {
	case GranularityWeek:
		n = int((g.Start(hi).Unix()-g.Start(lo).Unix())/(7*86400)) + 1
	case GranularityMonth:
		n = (y2-y1)*12 + int(m2-m1) + 1
	case GranularityQuarter:
		n = (y2-y1)*4 + (int(m2)-1)/3 - (int(m1)-1)/3 + 1
	case GranularityYear:
		n = y2 - y1 + 1
	default:
		n = int((hi.Unix()-lo.Unix())/86400) + 1
	}
	return max(n, 0)
}
