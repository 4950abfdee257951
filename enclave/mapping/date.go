package mapping

import (
	"strconv"
	"time"
)

// coarsening is what a date becomes.
type coarsening string

const (
	coarsenNone    coarsening = "none"       // the exact date, into a date column
	coarsenYear    coarsening = "year"       // the year, into an integer column
	coarsenWeek    coarsening = "week_start" // the Monday of its ISO week, into a date column
	coarsenAgeBand coarsening = "age_band"   // the age band at another date, into a code or text column
)

const coarseningNames = "year, week_start, age_band, none"

// dateSpec is how a date column is read and coarsened.
type dateSpec struct {
	layout  string
	coarsen coarsening
	at      *column // age_band: the column holding the date the age is taken at
}

// parseDate reads v in layout as a calendar date at midnight UTC. A time of
// day or zone in the layout is read and then dropped: the date is the one
// written.
func parseDate(layout, v string) (time.Time, bool) {
	if layout == time.DateOnly {
		return parseISODate(v)
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return time.Time{}, false
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
}

// parseISODate is parseDate for YYYY-MM-DD, the common case, without
// time.Parse's general machinery.
func parseISODate(v string) (time.Time, bool) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(v[:4])
	m, err2 := strconv.Atoi(v[5:7])
	d, err3 := strconv.Atoi(v[8:])
	if err1 != nil || err2 != nil || err3 != nil || !isDigit(v[0]) || !isDigit(v[5]) || !isDigit(v[8]) {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, false // 2023-02-30 would normalise to March
	}
	return t, true
}

// validLayout reports whether layout writes and reads back a date with its
// year, month and day.
func validLayout(layout string) bool {
	ref := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	t, err := time.Parse(layout, ref.Format(layout))
	return err == nil && t.Year() == 2001 && t.Month() == 2 && t.Day() == 3
}

// weekStart is the Monday of t's ISO week.
func weekStart(t time.Time) time.Time {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// ageAt is the age in whole years on day at of someone born on dob.
func ageAt(dob, at time.Time) int {
	age := at.Year() - dob.Year()
	if at.Month() < dob.Month() || at.Month() == dob.Month() && at.Day() < dob.Day() {
		age--
	}
	return age
}
