package postgres

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/colstore"
)

// errPastBudget is a read of a dataset that would take the cache past
// its budget of rows.
var errPastBudget = errors.New("more rows than the cache may still hold")

// read reads dataset d into memory in a snapshot of its own: its data
// revision, then every row (the pseudonym and each column a query may use,
// as PostgreSQL's text of it) as the research role, with COPY in binary.
// When held is at that revision already, it returns held's table without
// reading the rows. A dataset of more than budget rows is left out
// (errPastBudget).
func (c *QueryCache) read(ctx context.Context, d *catalogue.Dataset, budget int64, held *heldTable) (*colstore.Table, error) {
	name := DatasetTable(d.Name, d.Version)
	// Rows are numbered with int32 as they are evaluated.
	budget = min(budget, math.MaxInt32)
	var cols []string
	for _, col := range d.Columns {
		if col.Outputtable() {
			cols = append(cols, col.Name)
		}
	}
	var t *colstore.Table
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}
	err := c.DB.InTx(ctx, opts, func(tx pgx.Tx) error {
		revs, err := liveRevisions(ctx, tx, map[string]int{d.Name: d.Version})
		if err != nil {
			return err
		}
		if held != nil && held.t.Dataset == name && held.t.Revision == revs[d.Name] {
			t = held.t
			return nil
		}
		var estimate float64
		if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)), 0)`,
			pgx.Identifier{name}.Sanitize()).Scan(&estimate); err != nil {
			return err
		}
		if int64(estimate) > budget {
			return fmt.Errorf("about %.0f rows, %d allowed: %w", estimate, max(0, budget), errPastBudget)
		}
		// The text of each value must read back as the same value: dates
		// in ISO form, floating point numbers in their shortest exact form.
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{ResearchRole(c.ServiceRole)}.Sanitize()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('DateStyle', 'ISO', true), set_config('extra_float_digits', '1', true)`); err != nil {
			return err
		}
		sel := []string{pgx.Identifier{d.Person}.Sanitize()}
		for _, col := range cols {
			sel = append(sel, pgx.Identifier{col}.Sanitize()+"::text")
		}
		r := &copyReader{b: colstore.NewBuilder(name, revs[d.Name], cols), fields: 1 + len(cols), limit: budget}
		sql := "COPY (SELECT " + strings.Join(sel, ", ") + " FROM " + pgx.Identifier{name}.Sanitize() + ") TO STDOUT WITH (FORMAT binary)"
		if _, err := tx.Conn().PgConn().CopyTo(ctx, r, sql); err != nil {
			return err
		}
		if !r.ended {
			return errors.New("the copy ended without its trailer")
		}
		t = r.b.Table()
		return nil
	})
	return t, err
}

// copyReader takes COPY's binary format as the server writes it and adds
// each row to a builder: a header, then per row its number of fields and
// each field's length (-1 for NULL) and bytes, then -1.
type copyReader struct {
	b       *colstore.Builder
	fields  int
	limit   int64
	rows    int64
	pending []byte
	header  bool
	ended   bool
	values  [][]byte
}

var copySignature = []byte("PGCOPY\n\xff\r\n\x00")

func (r *copyReader) Write(p []byte) (int, error) {
	r.pending = append(r.pending, p...)
	buf := r.pending
	if !r.header {
		if len(buf) < len(copySignature)+8 {
			return len(p), nil
		}
		if !bytes.Equal(buf[:len(copySignature)], copySignature) {
			return 0, errors.New("not COPY's binary format")
		}
		ext := int(binary.BigEndian.Uint32(buf[len(copySignature)+4:]))
		if len(buf) < len(copySignature)+8+ext {
			return len(p), nil
		}
		buf = buf[len(copySignature)+8+ext:]
		r.header = true
	}
	for len(buf) >= 2 && !r.ended {
		n := int(int16(binary.BigEndian.Uint16(buf)))
		if n == -1 {
			r.ended, buf = true, buf[2:]
			break
		}
		if n != r.fields {
			return 0, fmt.Errorf("a row of %d fields, not %d", n, r.fields)
		}
		rest, ok, err := r.row(buf[2:])
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		buf = rest
	}
	// Keep what is left of a row cut short, at the buffer's start.
	r.pending = r.pending[:copy(r.pending, buf)]
	return len(p), nil
}

// row reads one row's fields from buf and adds it, or reports that buf
// holds only part of it.
func (r *copyReader) row(buf []byte) ([]byte, bool, error) {
	r.values = r.values[:0]
	for range r.fields {
		if len(buf) < 4 {
			return nil, false, nil
		}
		n := int(int32(binary.BigEndian.Uint32(buf)))
		buf = buf[4:]
		if n < 0 {
			r.values = append(r.values, nil)
			continue
		}
		if len(buf) < n {
			return nil, false, nil
		}
		r.values = append(r.values, buf[:n:n])
		buf = buf[n:]
	}
	if r.rows++; r.rows > r.limit {
		return nil, false, fmt.Errorf("more than %d rows: %w", r.limit, errPastBudget)
	}
	if r.values[0] == nil {
		return nil, false, errors.New("a row without a pseudonym")
	}
	return buf, true, r.b.Add(r.values[0], r.values[1:])
}
