package ingest

import (
	"context"
	"errors"
	"io"

	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
	"github.com/research-enclave/enclave/pseudonym"
)

// tally reads a file's records and converts them with a mapping, counting
// and listing the rows it rejects.
type tally struct {
	ctx           context.Context
	rd            *csvsource.Reader
	tr            *mapping.Transformer
	read, skipped int64
	byReason      map[string]int64 // rejected rows
	skippedBy     map[string]int64
	rejects       []Reject
}

func newTally(ctx context.Context, rd *csvsource.Reader, tr *mapping.Transformer) tally {
	return tally{ctx: ctx, rd: rd, tr: tr, byReason: map[string]int64{}, skippedBy: map[string]int64{}}
}

// checkEvery is how many rows are read between checks that the request
// is still wanted.
const checkEvery = 4096

// nextRow returns the next row the mapping accepts, io.EOF at the end of the
// file, a *damagedError if the file cannot be read to its end, or the
// context's error once the request is no longer wanted (checked every
// checkEvery rows read, rejected and skipped ones included). Rows a when:
// condition keeps out are counted apart, as skipped. The result is valid
// until the next call.
func (t *tally) nextRow() (mapping.Result, error) {
	for {
		if t.read%checkEvery == 0 {
			if err := t.ctx.Err(); err != nil {
				return mapping.Result{}, err
			}
		}
		rec, err := t.rd.Next()
		if errors.Is(err, io.EOF) {
			return mapping.Result{}, io.EOF
		}
		if err != nil {
			return mapping.Result{}, &damagedError{err}
		}
		t.read++
		if rec.Reject != nil {
			t.reject(int64(rec.Line), "", string(rec.Reject.Reason))
			continue
		}
		res, rej := t.tr.Transform(rec.Fields)
		if rej != nil && rej.Skip {
			t.skipped++
			t.skippedBy[string(rej.Reason)]++
			continue
		}
		if rej != nil {
			t.reject(int64(rec.Line), rej.Column, string(rej.Reason))
			continue
		}
		return res, nil
	}
}

func (t *tally) reject(line int64, column, reason string) {
	t.byReason[reason]++
	if len(t.rejects) < MaxListedRejects {
		t.rejects = append(t.rejects, Reject{Line: line, Column: column, Reason: reason})
	}
}

// rowSource reads, converts and pseudonymises rows a batch at a time, for
// the store to copy. Its counts are final once Next has returned false.
type rowSource struct {
	tally
	ctx    context.Context
	ps     pseudonym.Pseudonymiser
	loadID int64
	size   int // rows per batch

	ids  []pseudonym.Identifier
	vals [][]any
	pids []pseudonym.Pseudonym
	next int // index in the batch of the row Values returns
	row  []any
	err  error
	eof  bool

	stored int64
}

func newRowSource(ctx context.Context, rd *csvsource.Reader, tr *mapping.Transformer, ps pseudonym.Pseudonymiser, id int64, size int) *rowSource {
	return &rowSource{tally: newTally(ctx, rd, tr), ctx: ctx, ps: ps, loadID: id, size: size}
}

// Next moves to the next row, filling a new batch when the last is used up.
func (s *rowSource) Next() bool {
	s.next++
	if s.next < len(s.ids) {
		return true
	}
	if s.err != nil || s.eof {
		return false
	}
	if err := s.fill(); err != nil {
		s.err = err
		return false
	}
	s.next = 0
	return len(s.ids) > 0
}

// Values returns the current row: the load id, the pseudonym's 32 bytes,
// then the mapped values.
func (s *rowSource) Values() ([]any, error) {
	sum := s.pids[s.next].Sum()
	s.row = append(s.row[:0], s.loadID, sum[:])
	s.row = append(s.row, s.vals[s.next]...)
	return s.row, nil
}

func (s *rowSource) Err() error { return s.err }

// fill reads records until the batch is full or the input ends, and
// pseudonymises the batch's identifiers in one call.
func (s *rowSource) fill() error {
	s.ids, s.vals = s.ids[:0], s.vals[:0]
	for len(s.ids) < s.size {
		res, err := s.nextRow()
		if errors.Is(err, io.EOF) {
			s.eof = true
			break
		}
		if err != nil {
			return err
		}
		s.ids = append(s.ids, res.Person)
		s.vals = append(s.vals, append([]any(nil), res.Values...))
	}
	if len(s.ids) == 0 {
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return err
	}
	pids, err := s.ps.Pseudonymise(s.ctx, s.ids)
	if err != nil {
		return &keySourceError{err}
	}
	s.pids = pids
	s.stored += int64(len(pids))
	return nil
}

// damagedError is a read error of the input itself (a truncated gzip, a
// dropped connection): the load is abandoned.
type damagedError struct{ err error }

func (e *damagedError) Error() string {
	return "the file could not be read to its end: " + e.err.Error()
}
func (e *damagedError) Unwrap() error { return e.err }

// keySourceError is a failure of the key source (Vault unreachable or
// sealed): the load is abandoned.
type keySourceError struct{ err error }

func (e *keySourceError) Error() string { return "the key source failed: " + e.err.Error() }
func (e *keySourceError) Unwrap() error { return e.err }
