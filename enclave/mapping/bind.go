package mapping

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// HeaderError says how a file's header differs from its mapping. It names
// missing columns (names from the mapping file) but unexpected ones only by
// position: a file without a header has a data row, identifiers and all, in
// its place.
type HeaderError struct {
	Mapping    string
	Missing    []string // source columns the mapping names that the header lacks
	Unexpected []int    // 1-based positions of header columns the mapping does not name
	Repeated   []int    // 1-based positions of header columns named earlier in the header
}

func (e *HeaderError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		q := make([]string, len(e.Missing))
		for i, m := range e.Missing {
			q[i] = strconv.Quote(m)
		}
		parts = append(parts, "it has no column "+strings.Join(q, ", "))
	}
	if len(e.Unexpected) > 0 {
		parts = append(parts, positions(e.Unexpected, "is", "are")+
			" not in the mapping (names not shown, in case the first line is data; map or drop them)")
	}
	if len(e.Repeated) > 0 {
		parts = append(parts, positions(e.Repeated, "repeats", "repeat")+" an earlier column's name")
	}
	return "header does not match mapping " + e.Mapping + ": " + strings.Join(parts, "; ")
}

// positions writes "column 3 is" or "columns 3, 5 are", with the verb given.
func positions(ps []int, one, many string) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = strconv.Itoa(p)
	}
	if len(ps) == 1 {
		return "column " + s[0] + " " + one
	}
	return "columns " + strings.Join(s, ", ") + " " + many
}

// Bind checks a file's header against the mapping (CompareHeader) and
// returns the transformer of its rows. loadDate is the day of the load:
// dates after it are refused (date.future).
func (m *Mapping) Bind(header []string, loadDate time.Time) (*Transformer, error) {
	if err := CompareHeader(m.name, m.Sources(), header); err != nil {
		return nil, err
	}
	at := make(map[string]int, len(header))
	for i, h := range header {
		at[h] = i
	}
	y, mo, d := loadDate.Date()
	t := &Transformer{
		m:      m,
		width:  len(header),
		idAt:   at[m.id.source],
		values: make([]any, len(m.targets)),
		today:  time.Date(y, mo, d, 0, 0, 0, 0, time.UTC),
	}
	for _, c := range m.columns {
		b := newBound(c, at[c.source])
		if c.date.at != nil {
			b.eventAt = at[c.date.at.source]
		}
		t.cols = append(t.cols, b)
	}
	for _, c := range m.when {
		t.conds = append(t.conds, boundCondition{c, at[c.source]})
	}
	return t, nil
}

// Sources lists every source column the mapping names, each once: the
// identifier's, then the mapped columns', then the dropped ones, in the
// mapping's order. A file's header must hold exactly these.
func (m *Mapping) Sources() []string {
	out := []string{m.id.source}
	for _, c := range m.columns {
		if !slices.Contains(out, c.source) {
			out = append(out, c.source)
		}
	}
	for _, s := range m.drops {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CompareHeader checks a file's header against the source columns sources
// of mapping name: every source must be in the header, and every header
// column must be a source, so that a column added to a source is refused
// until someone decides what it is. The order of columns does not matter;
// names match exactly. A mismatch is a *HeaderError. It needs only the
// names, so a client can compare a file's header before sending it.
func CompareHeader(name string, sources, header []string) error {
	e := &HeaderError{Mapping: name}
	first := make(map[string]bool, len(header))
	for i, h := range header {
		switch {
		case first[h]:
			e.Repeated = append(e.Repeated, i+1)
		case !slices.Contains(sources, h):
			first[h] = true
			e.Unexpected = append(e.Unexpected, i+1)
		default:
			first[h] = true
		}
	}
	for _, s := range sources {
		if !first[s] {
			e.Missing = append(e.Missing, s)
		}
	}
	if len(e.Missing)+len(e.Unexpected)+len(e.Repeated) > 0 {
		return e
	}
	return nil
}
