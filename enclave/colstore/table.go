package colstore

import (
	"bytes"
	"fmt"
	"slices"
)

// PseudonymSize is the length of every pseudonym a table holds: an
// HMAC-SHA256 output.
const PseudonymSize = 32

// Pseudonym is one person's pseudonym.
type Pseudonym [PseudonymSize]byte

// Table is one dataset's rows at one data revision, held column by column
// and sorted by person: the rows of People[i] are rows start[i] to
// start[i+1]. It never changes once built, so any number of queries may
// read it at once.
type Table struct {
	Dataset  string
	Revision string
	// People are the table's distinct pseudonyms in ascending byte order,
	// the order of the ledger's member keys (their first 8 bytes).
	People  []Pseudonym
	start   []uint32
	columns map[string]*Column
}

// Column is one column of a table, dictionary-encoded: Codes holds each
// row's code and Dict the text of each code, PostgreSQL's text output of
// the value. Code 0 is a missing value (NULL); Dict[0] is unused.
type Column struct {
	Codes []uint32
	Dict  []string
}

// Rows is the number of rows.
func (t *Table) Rows() int { return int(t.start[len(t.start)-1]) }

// Column returns the named column, which the table holds when it was built
// with it.
func (t *Table) Column(name string) (*Column, bool) {
	c, ok := t.columns[name]
	return c, ok
}

// rows is the range of rows of person i.
func (t *Table) rows(i int) (int, int) { return int(t.start[i]), int(t.start[i+1]) }

// Builder collects a table's rows in any order; Table sorts them by person.
type Builder struct {
	dataset, revision string
	names             []string
	people            map[Pseudonym]uint32 // pseudonym -> order of first sight
	seen              []Pseudonym
	person            []uint32 // each row's person, in order of first sight
	codes             [][]uint32
	dicts             []map[string]uint32
	texts             [][]string
}

// NewBuilder starts the table of dataset at revision, with the named
// columns, in the order Add gives their values.
func NewBuilder(dataset, revision string, columns []string) *Builder {
	b := &Builder{dataset: dataset, revision: revision, names: slices.Clone(columns), people: map[Pseudonym]uint32{}}
	for range columns {
		b.codes = append(b.codes, nil)
		b.dicts = append(b.dicts, map[string]uint32{})
		b.texts = append(b.texts, []string{""})
	}
	return b
}

// Add adds a row: the person's pseudonym and each column's value as text,
// nil when missing.
func (b *Builder) Add(pid []byte, values [][]byte) error {
	if len(pid) != PseudonymSize {
		return fmt.Errorf("colstore: a pseudonym of %d bytes, not %d", len(pid), PseudonymSize)
	}
	if len(values) != len(b.names) {
		return fmt.Errorf("colstore: %d values for %d columns", len(values), len(b.names))
	}
	p := Pseudonym(pid)
	n, ok := b.people[p]
	if !ok {
		if len(b.seen) == 1<<32-1 {
			return fmt.Errorf("colstore: more than %d people", 1<<32-1)
		}
		n = uint32(len(b.seen))
		b.people[p] = n
		b.seen = append(b.seen, p)
	}
	b.person = append(b.person, n)
	for i, v := range values {
		code := uint32(0)
		if v != nil {
			c, ok := b.dicts[i][string(v)]
			if !ok {
				c = uint32(len(b.texts[i]))
				s := string(v)
				b.dicts[i][s] = c
				b.texts[i] = append(b.texts[i], s)
			}
			code = c
		}
		b.codes[i] = append(b.codes[i], code)
	}
	return nil
}

// Table sorts the rows by person and returns the table. The builder must
// not be used after.
func (b *Builder) Table() *Table {
	order := make([]uint32, len(b.seen)) // order[k] is the k-th person in pseudonym order
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return bytes.Compare(b.seen[x][:], b.seen[y][:]) })
	rank := make([]uint32, len(order)) // person in order of sight -> position in pseudonym order
	t := &Table{Dataset: b.dataset, Revision: b.revision, People: make([]Pseudonym, len(order)), columns: map[string]*Column{}}
	for k, i := range order {
		rank[i] = uint32(k)
		t.People[k] = b.seen[i]
	}
	b.people, b.seen = nil, nil
	// A counting sort of the rows by person keeps each person's rows in
	// the order they came.
	t.start = make([]uint32, len(order)+1)
	for _, p := range b.person {
		t.start[rank[p]+1]++
	}
	for i := 1; i < len(t.start); i++ {
		t.start[i] += t.start[i-1]
	}
	next := slices.Clone(t.start[:len(order)])
	at := make([]uint32, len(b.person)) // row's place once sorted
	for r, p := range b.person {
		k := rank[p]
		at[r] = next[k]
		next[k]++
	}
	b.person = nil
	for i, name := range b.names {
		sorted := make([]uint32, len(at))
		for r, c := range b.codes[i] {
			sorted[at[r]] = c
		}
		b.codes[i], b.dicts[i] = nil, nil
		t.columns[name] = &Column{Codes: sorted, Dict: b.texts[i]}
	}
	return t
}
