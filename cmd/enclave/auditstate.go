package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/research-enclave/enclave/enclave/audit"
)

// pinnedKey is the key to verify with (audit.PinnedKey), from --key or
// --key-file.
func pinnedKey(flag, file string, st *audit.State) (string, error) {
	key := flag
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("--key-file: %w", err)
		}
		key = strings.TrimSpace(string(b))
	}
	key, err := audit.PinnedKey(key, st)
	if errors.Is(err, audit.ErrNoKey) {
		return "", errors.New("no pinned key: get it with 'enclave audit key', check it out of band, and pass --key or --key-file")
	}
	return key, err
}

// loadState reads the state of the last run from --state (audit.LoadState),
// which --init asks to start.
func loadState(path string, init bool) (*audit.State, error) {
	if path == "" {
		if init {
			return nil, errors.New("--init needs --state FILE")
		}
		return nil, nil
	}
	st, err := audit.LoadState(path, init)
	switch {
	case errors.Is(err, audit.ErrNoState):
		return nil, fmt.Errorf("--state %s does not exist: pass --init to start a new state file (only on the first run)", path)
	case errors.Is(err, audit.ErrStateExists):
		return nil, fmt.Errorf("--init: %s already exists; it holds the checkpoint verified last time", path)
	case errors.Is(err, audit.ErrNotState):
		return nil, fmt.Errorf("--state %s: not a state file written by 'enclave audit verify'", path)
	case err != nil:
		return nil, fmt.Errorf("--state: %w", err)
	}
	return st, nil
}
