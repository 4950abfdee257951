package synth

import (
	"errors"
	"fmt"
	"time"
)

// Options controls one generated population.
type Options struct {
	// People is the number of people to generate, at least 1.
	People int
	// Seed fixes every random choice: the same Seed and People give
	// byte-identical files.
	Seed int64
	// Start and End bound the event window (inclusive dates). Zero values
	// default to 2020-01-01 and 2025-12-31. Ages are computed at End.
	Start, End time.Time
}

// Summary reports what Generate wrote.
type Summary struct {
	People int
	// Rows counts the data rows (header excluded) per file name; for
	// optout_ndoo.dat it counts lines.
	Rows     map[string]int
	OptedOut int
}

// maxPeople stays below the count of never-issued numbers (prefixes 900 to
// 999) with a usable check digit: 100 prefixes of 10^6 bodies, about one in
// eleven unusable. The 999 range alone holds about 909,000, so populations of
// up to 900,000 people use it only.
const maxPeople = 90_000_000

var (
	defaultStart = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	defaultEnd   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// normalised returns o with defaults filled in, or an error for options no
// population can satisfy.
func (o Options) normalised() (Options, error) {
	if o.People < 1 || o.People > maxPeople {
		return o, fmt.Errorf("synth: people = %d, want 1 to %d", o.People, maxPeople)
	}
	if o.Start.IsZero() {
		o.Start = defaultStart
	}
	if o.End.IsZero() {
		o.End = defaultEnd
	}
	o.Start = dateOnly(o.Start)
	o.End = dateOnly(o.End)
	if !o.Start.Before(o.End) {
		return o, errors.New("synth: event window start must be before its end")
	}
	return o, nil
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
