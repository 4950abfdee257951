package optout

import (
	"errors"
	"time"
)

// List names an opt-out list. The names travel into the database, audit
// records and policy obligations: never rename one.
type List string

// The lists.
const (
	ListNDOO  List = "ndoo"  // the national data opt-out
	ListType1 List = "type1" // Type 1 objections registered at GP practices
)

// Lists returns every list in a stable order.
func Lists() []List { return []List{ListNDOO, ListType1} }

// ParseList returns the list named s.
func ParseList(s string) (List, error) {
	for _, l := range Lists() {
		if string(l) == s {
			return l, nil
		}
	}
	return "", errors.New("unknown opt-out list: the lists are ndoo and type1")
}

// Form says what a list holds.
type Form string

// The forms.
const (
	// FormDeny lists the people who opted out: they are excluded.
	FormDeny Form = "deny"
	// FormAllow lists the people who did not opt out (the list the NHS
	// service returns for a submitted cohort): everyone else is excluded.
	FormAllow Form = "allow"
)

// ParseForm returns the form named s.
func ParseForm(s string) (Form, error) {
	switch f := Form(s); f {
	case FormDeny, FormAllow:
		return f, nil
	}
	return "", errors.New("unknown opt-out list form: the forms are deny and allow")
}

// Date is a calendar date, held as midnight UTC and written YYYY-MM-DD.
type Date struct{ time.Time }

const dateLayout = "2006-01-02"

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, errors.New("a date must be written YYYY-MM-DD")
	}
	return Date{t}, nil
}

// DateOf returns the UTC calendar date of t.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// String writes YYYY-MM-DD.
func (d Date) String() string { return d.Format(dateLayout) }

// MarshalText writes YYYY-MM-DD, for JSON too.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalJSON overrides time.Time's, which would write a timestamp.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err == nil {
		*d = v
	}
	return err
}

// UnmarshalJSON overrides time.Time's.
func (d *Date) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errors.New("a date must be a JSON string YYYY-MM-DD")
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}
