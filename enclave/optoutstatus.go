package enclave

import (
	"context"
	"time"

	"github.com/research-enclave/enclave/enclave/optout"
)

// OptOutStatus is the state of one list at a given time.
type OptOutStatus struct {
	List    optout.List    `json:"list"`
	Current *OptOutVersion `json:"current,omitempty"`
	Missing bool           `json:"missing"` // no version has been loaded
	Stale   bool           `json:"stale"`   // the current version is older than MaxAge
	// StaleAt is when the current version becomes (or became) stale: its
	// as-of date plus MaxAge.
	StaleAt *time.Time `json:"stale_at,omitempty"`
	// KeyMismatch: the current version's pseudonyms were made with another
	// key than the service's, so they match nobody in data keyed now.
	KeyMismatch bool `json:"key_mismatch"`
}

// The states of a list, as OptOutStatus.State gives them: ready to apply, or
// the suffix of the reason code (optout.<state>) that says why not.
const (
	OptOutReady       = "ready"
	OptOutMissing     = "missing"
	OptOutStale       = "stale"
	OptOutKeyMismatch = "key_mismatch"
)

// State sums up st: missing, else stale, else key_mismatch, else ready.
func (st OptOutStatus) State() string {
	switch {
	case st.Missing:
		return OptOutMissing
	case st.Stale:
		return OptOutStale
	case st.KeyMismatch:
		return OptOutKeyMismatch
	}
	return OptOutReady
}

// Status reports every list (optout.Lists) as of now.
func (s *OptOuts) Status(ctx context.Context, now time.Time) ([]OptOutStatus, error) {
	current, err := s.Store.CurrentOptOuts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OptOutStatus, 0, len(optout.Lists()))
	for _, l := range optout.Lists() {
		st := OptOutStatus{List: l, Missing: true}
		for _, v := range current {
			if v.List == l {
				st.Current, st.Missing = &v, false
				staleAt := v.AsOf.Add(s.MaxAge)
				st.StaleAt = &staleAt
				st.Stale = s.MaxAge <= 0 || !now.Before(staleAt)
				st.KeyMismatch = s.Pseudonymiser != nil &&
					(v.KeyVersion != s.Pseudonymiser.KeyVersion() || v.KeyDev != s.Pseudonymiser.Dev())
			}
		}
		out = append(out, st)
	}
	return out, nil
}
