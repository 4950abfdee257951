package ingest

import (
	"context"
	"fmt"

	"github.com/research-enclave/enclave/enclave"
)

// The bounds of one page of loads.
const (
	DefaultLoads = 50
	MaxLoads     = 200
)

// Loads lists the loads with ids below before (-1: from the newest),
// newest first, at most limit (0: DefaultLoads), each with its counts and
// its retraction; and the before of the next page, -1 when this is the
// last. Like LoadState it is authorised by its route's action, which the
// client checks (operators and governance officers).
func (s *Service) Loads(ctx context.Context, before int64, limit int) ([]LoadState, int64, error) {
	if s.Retractions == nil {
		return nil, -1, enclave.E(enclave.CodeUnavailable, "loads cannot be read on this server")
	}
	if limit == 0 {
		limit = DefaultLoads
	}
	if limit < 1 || limit > MaxLoads {
		return nil, -1, enclave.E(enclave.CodeInvalid, fmt.Sprintf("limit must be a whole number from 1 to %d", MaxLoads))
	}
	if before < -1 || before == 0 {
		return nil, -1, enclave.E(enclave.CodeInvalid, "before must be a load id (1 or more), or -1 for the newest")
	}
	loads, err := s.Retractions.LoadStates(ctx, before, limit)
	if err != nil {
		return nil, -1, err
	}
	next := int64(-1)
	if len(loads) == limit {
		next = loads[len(loads)-1].ID
	}
	return loads, next, nil
}
