package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// State is what a verifier keeps between runs of VerifyLog: the key it
// pinned and the last checkpoint it verified, so that the next run can prove
// the log only grew. Its JSON form is the state file of `enclave audit
// verify`. Keep it where the log's operators cannot change it.
type State struct {
	VerifierKey string    `json:"verifier_key"`
	Checkpoint  string    `json:"checkpoint"` // as signed
	VerifiedAt  time.Time `json:"verified_at"`
}

// The ways LoadState refuses a state file.
var (
	ErrNoState     = errors.New("no saved state")
	ErrStateExists = errors.New("a state is saved already")
	ErrNotState    = errors.New("not a saved verifier state")
)

// LoadState reads the state saved at path by the last run. A missing file
// is ErrNoState unless fresh asks to start a new state (the first run; the
// state is then nil), so that a deleted or mistyped state file cannot
// quietly skip the check against the last checkpoint; with fresh, a file
// that exists is ErrStateExists. A file that cannot be read is the error
// os gives.
func LoadState(path string, fresh bool) (*State, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && fresh:
		return nil, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, ErrNoState)
	case err == nil && fresh:
		return nil, fmt.Errorf("%s: %w", path, ErrStateExists)
	case err != nil:
		return nil, err
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil || st.VerifierKey == "" || st.Checkpoint == "" {
		return nil, fmt.Errorf("%s: %w", path, ErrNotState)
	}
	return &st, nil
}

// Save writes s to path, readable by its owner only. It writes a temporary
// file beside path and renames it over path, so that a crash leaves either
// the old state or the new one.
func (s State) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
