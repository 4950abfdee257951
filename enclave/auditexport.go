package enclave

import (
	"context"
	"fmt"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Export is a read of the log's events [From, To), recorded, ready to
// stream: the canonical bytes of each event (ExportEvents) or the copies
// the store keeps of them (ExportColumns).
type Export[T any] struct {
	From, To uint64
	read     func(ctx context.Context, from, to uint64, fn func(T) error) error
}

// Each calls fn with each event of the export, in log order.
func (e Export[T]) Each(ctx context.Context, fn func(T) error) error {
	return e.read(ctx, e.From, e.To, fn)
}

// ExportEvents opens an export of the canonical bytes of events [from, to)
// for actor; -1 is the log's start (from) or end (to).
func (a *Audit) ExportEvents(ctx context.Context, actor Actor, from, to int64) (Export[[]byte], error) {
	return openExport(ctx, a, actor, "export", from, to, a.Store.Export)
}

// ExportColumns opens an export of the stored copies of events [from, to),
// as they are, for a verifier to compare with the events.
func (a *Audit) ExportColumns(ctx context.Context, actor Actor, from, to int64) (Export[audit.Columns], error) {
	return openExport(ctx, a, actor, "columns", from, to, a.Store.ExportColumns)
}

// openExport checks the bounds against the log's size and records the read
// as what.
func openExport[T any](ctx context.Context, a *Audit, actor Actor, what string, from, to int64,
	read func(ctx context.Context, from, to uint64, fn func(T) error) error) (Export[T], error) {
	size, _, err := a.Store.Head(ctx)
	if err != nil {
		return Export[T]{}, err
	}
	n := int64(size)
	if from == -1 {
		from = 0
	}
	if to == -1 {
		to = n
	}
	if from < 0 || from > n {
		return Export[T]{}, E(CodeInvalid, fmt.Sprintf("from must be a whole number from 0 to %d, the log's size", n))
	}
	if to < from || to > n {
		return Export[T]{}, E(CodeInvalid, fmt.Sprintf("to must be a whole number from %d (from) to %d, the log's size", from, n))
	}
	if err := a.recordRead(ctx, actor, map[string]any{what: map[string]any{"from": from, "to": to}}); err != nil {
		return Export[T]{}, err
	}
	return Export[T]{From: uint64(from), To: uint64(to), read: read}, nil
}
