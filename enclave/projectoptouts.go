package enclave

import (
	"context"
	"time"
)

// OptOutLists reports the state of each opt-out list, for the governance
// decision on using a project's data; *OptOuts implements it.
type OptOutLists interface {
	// ListStates maps each list ("ndoo", "type1") to ready, missing, stale
	// or key_mismatch.
	ListStates(ctx context.Context, now time.Time) (map[string]string, error)
}

// ListStates implements OptOutLists from Status.
func (s *OptOuts) ListStates(ctx context.Context, now time.Time) (map[string]string, error) {
	all, err := s.Status(ctx, now)
	if err != nil {
		return nil, err
	}
	states := map[string]string{}
	for _, st := range all {
		states[string(st.List)] = st.State()
	}
	return states, nil
}

// listStates is what project.use decides on: every list missing when no
// lists are configured, so that no data is used unfiltered.
func (s *Projects) listStates(ctx context.Context) (map[string]string, error) {
	if s.OptOutLists == nil {
		return map[string]string{"ndoo": OptOutMissing, "type1": OptOutMissing}, nil
	}
	states, err := s.OptOutLists.ListStates(ctx, s.Now())
	if err != nil {
		return nil, err
	}
	return states, nil
}
