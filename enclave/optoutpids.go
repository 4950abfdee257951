package enclave

import (
	"context"
	"errors"
	"io"

	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/pseudonym"
)

// pidBatchSize is how many numbers are pseudonymised per call: enough to
// amortise a key source's round trip (Vault transit), few enough to keep a
// load's memory constant whatever the file's size.
const pidBatchSize = 10_000

// pidBatches reads valid numbers from a parser and pseudonymises them a batch
// at a time, so that no more than one batch of identifiers is ever held.
type pidBatches struct {
	parser *optout.Parser
	ps     pseudonym.Pseudonymiser
	ids    []pseudonym.Identifier
}

var _ PIDSource = (*pidBatches)(nil)

func (b *pidBatches) Next(ctx context.Context) ([]pseudonym.Pseudonym, error) {
	if b.ids == nil {
		b.ids = make([]pseudonym.Identifier, 0, pidBatchSize)
	}
	ids := b.ids[:0]
	defer clear(ids[:cap(ids)]) // drop the identifiers as soon as they are hashed
	for len(ids) < pidBatchSize && b.parser.Next() {
		ids = append(ids, pseudonym.NHS(b.parser.Number()))
	}
	if err := b.parser.Err(); err != nil {
		return nil, fileError(err)
	}
	if len(ids) == 0 {
		return nil, io.EOF
	}
	pids, err := b.ps.Pseudonymise(ctx, ids)
	switch {
	case ctx.Err() != nil:
		return nil, Wrap(CodeUnavailable, "the load was cancelled or timed out; nothing was loaded", ctx.Err())
	case err != nil:
		msg := "the key source could not pseudonymise the list"
		var se *pseudonym.SourceError
		if errors.As(err, &se) {
			msg += " (" + se.Why + ")"
		}
		return nil, Wrap(CodeUnavailable, msg+"; nothing was loaded", err)
	}
	return pids, nil
}

// fileError turns a parse failure into the error the caller sees. Errors the
// reader passed up as an *Error (the HTTP layer's body limit) keep their code.
func fileError(err error) error {
	var fe *optout.Error
	if errors.As(err, &fe) {
		code := CodeInvalid
		if fe == optout.ErrTooLarge {
			code = CodeTooLarge
		}
		return &Error{Code: code, Message: fe.Error() + "; nothing was loaded", Reasons: []Reason{{Code: fe.Code, Message: fe.Error()}}}
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Wrap(CodeInvalid, "the opt-out file could not be read to its end (was the upload cut off?); nothing was loaded", err)
}
