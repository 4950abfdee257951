package postgres

import (
	"context"
	"errors"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/pseudonym"
)

// pidCopySource feeds COPY from an enclave.PIDSource, pulling the next batch
// only when the last is spent, so a load holds one batch at a time. pgx
// calls it from its own goroutine and encodes each row before asking for the
// next, so the row and its bytes are reused.
type pidCopySource struct {
	ctx    context.Context
	pids   enclave.PIDSource
	loadID int64
	batch  []pseudonym.Pseudonym
	next   int // index of the next row in batch
	sum    [32]byte
	row    [2]any
	err    error // the source's failure, kept because pgx reports it only as the server's copy error
}

var _ pgx.CopyFromSource = (*pidCopySource)(nil)

func (s *pidCopySource) Next() bool {
	for s.err == nil && s.next >= len(s.batch) {
		s.batch, s.next = nil, 0
		batch, err := s.pids.Next(s.ctx)
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			s.err = err
			return false
		}
		s.batch = batch
	}
	if s.err != nil {
		return false
	}
	s.sum = s.batch[s.next].Sum()
	s.next++
	return true
}

func (s *pidCopySource) Values() ([]any, error) {
	s.row[0], s.row[1] = s.loadID, s.sum[:]
	return s.row[:], nil
}

func (s *pidCopySource) Err() error { return s.err }
