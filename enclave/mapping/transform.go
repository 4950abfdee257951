package mapping

import (
	"errors"
	"time"

	"github.com/research-enclave/enclave/pseudonym"
)

// Transformer turns the records of one file into dataset rows. Make one
// per file with Bind. It reuses its buffers, so it is not safe for
// concurrent use.
type Transformer struct {
	m      *Mapping
	width  int // fields in every record
	idAt   int // identifier's field
	conds  []boundCondition
	cols   []bound
	values []any
	today  time.Time
}

// Result is one row for the dataset.
type Result struct {
	// Person is the row's identifier; ingest pseudonymises it (in batches)
	// into the dataset's person column (Mapping.Person).
	Person pseudonym.Identifier
	// Values holds one value per Mapping.Columns, in that order: int64,
	// float64, bool, string (code and text) or time.Time (a date at
	// midnight UTC), or nil for an empty optional cell or an absent column.
	// The slice is reused by the next Transform; the values in it are not
	// and may be kept.
	Values []any
}

// Transform converts one record, whose fields are in the header's order.
// Cells are trimmed of leading and trailing spaces and tabs; an empty cell
// is NULL in an optional column and refused (value.required) in any other.
// A refused row gives a Reject naming the source column and the rule, never
// the value. A row that fails one of the mapping's when: conditions is not
// for this dataset: it gives a Reject with Skip set (row.condition), naming
// the condition's column, and no other cell of it is read.
func (t *Transformer) Transform(record []string) (Result, *Reject) {
	if len(record) != t.width {
		return Result{}, &Reject{Reason: ReasonColumns}
	}
	if rej := t.skip(record); rej != nil {
		return Result{}, rej
	}
	id, reason := t.m.id.parse(trim(record[t.idAt]))
	if reason != "" {
		return Result{}, &Reject{Column: t.m.id.source, Reason: reason}
	}
	clear(t.values)
	for i := range t.cols {
		b := &t.cols[i]
		v, rej := t.convert(b, record)
		if rej != nil {
			return Result{}, rej
		}
		t.values[b.col.slot] = v
	}
	return Result{Person: id, Values: t.values}, nil
}

// parse validates the identifier cell.
func (id *identifier) parse(v string) (pseudonym.Identifier, Reason) {
	if v == "" {
		return pseudonym.Identifier{}, ReasonIdentifierMissing
	}
	if id.kind == pseudonym.KindLocal {
		local, err := pseudonym.Local(id.system, v)
		if err != nil {
			return pseudonym.Identifier{}, ReasonIdentifierInvalid
		}
		return local, ""
	}
	n, err := pseudonym.ParseNHSNumber(v)
	switch {
	case errors.Is(err, pseudonym.ErrNeverIssued):
		return pseudonym.Identifier{}, ReasonIdentifierNever
	case err != nil:
		return pseudonym.Identifier{}, ReasonIdentifierInvalid
	case n.Synthetic() && !id.synthetic:
		return pseudonym.Identifier{}, ReasonIdentifierSynthetic
	}
	return pseudonym.NHS(n), ""
}

// convert produces one target value from its cell.
func (t *Transformer) convert(b *bound, record []string) (any, *Reject) {
	c := b.col
	v := trim(record[b.at])
	if c.recode != nil {
		if to, ok := c.recode[v]; ok {
			v = to
		}
	}
	if v == "" {
		if c.optional {
			return nil, nil
		}
		return nil, &Reject{Column: c.source, Reason: ReasonRequired}
	}
	var out any
	var reason Reason
	switch {
	case c.conv == convDate:
		return t.date(b, v, record)
	case c.conv == convPostcode && c.lookup != nil:
		out, reason = c.lookedUp(v)
	case c.conv == convPostcode:
		out, reason = b.outward(v)
	case c.conv == convAge:
		out, reason = c.age(v)
	case textual(c.typ):
		out, reason = b.code(v)
	default:
		out, reason = c.copyValue(v)
	}
	if reason != "" {
		return nil, &Reject{Column: c.source, Reason: reason}
	}
	return out, nil
}

// date reads and coarsens a date cell.
func (t *Transformer) date(b *bound, v string, record []string) (any, *Reject) {
	c := b.col
	if out, ok := b.memo[v]; ok {
		return out, nil
	}
	d, reason := t.day(c, v)
	if reason != "" {
		return nil, &Reject{Column: c.source, Reason: reason}
	}
	var out any = d
	switch c.date.coarsen {
	case coarsenYear:
		out = int64(d.Year())
	case coarsenWeek:
		out = weekStart(d)
	case coarsenAgeBand:
		ev := c.date.at
		raw := trim(record[b.eventAt])
		if raw == "" {
			return nil, &Reject{Column: ev.source, Reason: ReasonRequired}
		}
		at, reason := t.day(ev, raw)
		if reason != "" {
			return nil, &Reject{Column: ev.source, Reason: reason}
		}
		age := ageAt(d, at)
		if age < 0 {
			return nil, &Reject{Column: c.source, Reason: ReasonAgeNegative}
		}
		return c.bands.band(age), nil
	}
	b.remember(v, out)
	return out, nil
}

// day parses a date cell and refuses dates after the load date.
func (t *Transformer) day(c *column, v string) (time.Time, Reason) {
	d, ok := parseDate(c.date.layout, v)
	switch {
	case !ok:
		return d, ReasonDate
	case d.After(t.today):
		return d, ReasonDateFuture
	}
	return d, ""
}

// lookedUp replaces a postcode by its area in the lookup file.
func (c *column) lookedUp(v string) (any, Reason) {
	var buf [8]byte
	n, ok := normalPostcode(v, &buf)
	if !ok {
		return nil, ReasonPostcode
	}
	a, ok := c.lookup[string(buf[:n])]
	if !ok {
		return nil, ReasonPostcodeUnknown
	}
	return a, ""
}
