package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/audit"
)

func newAuditVerifyCommand(a *app) *cobra.Command {
	var keyFlag, keyFile, stateFile string
	var initState bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Download the whole log and verify it against a freshly signed checkpoint",
		Long: `verify asks the server to sign a checkpoint, checks its signature against the
pinned public key, downloads every event, recomputes every leaf and the root, and checks
that each event's prev_root matches the log before it. It also downloads the copies the
database keeps of each event for searching (the leaf hash, the principal, role, kind,
target, outcome and time columns, and the jsonb event) and checks that each matches the
event's canonical bytes. With --state it also checks that the log still extends the
checkpoint verified last time (it only grew), then saves the new one. On failure it names
the first event that does not match and why (and which column), and exits non-zero.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			st, err := loadState(stateFile, initState)
			if err != nil {
				return err
			}
			vkey, err := pinnedKey(keyFlag, keyFile, st)
			if err != nil {
				return err
			}
			verdict, next, err := verifyLog(cmd.Context(), c, vkey, st)
			if err != nil {
				fmt.Fprintf(a.stdout, "FAILED: %v\n", err)
				return errors.New("audit log verification failed")
			}
			fmt.Fprintf(a.stdout, "OK: %s\n", verdict)
			if stateFile == "" {
				return nil
			}
			if err := next.Save(stateFile); err != nil {
				return fmt.Errorf("--state: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFlag, "key", "", "the pinned verifier key (from 'enclave audit key', checked out of band)")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file holding the pinned verifier key")
	cmd.Flags().StringVar(&stateFile, "state", "", "file that keeps the last verified checkpoint between runs")
	cmd.Flags().BoolVar(&initState, "init", false, "start a new --state file (the first run); without it a missing state file is an error")
	return cmd
}

func verifyLog(ctx context.Context, c *client, vkey string, old *audit.State) (string, audit.State, error) {
	verifier, err := audit.ParseVerifierKey(vkey)
	if err != nil {
		return "", audit.State{}, err
	}
	signed, err := c.text(ctx, "POST", "/v1/audit/checkpoints")
	if err != nil {
		return "", audit.State{}, err
	}
	cp, err := audit.OpenCheckpoint(signed, verifier, verifier.Name())
	if err != nil {
		return "", audit.State{}, fmt.Errorf("the checkpoint does not verify with the pinned key (signed by another key, or altered): %w", err)
	}
	var prev *audit.Checkpoint
	v := audit.NewVerifier()
	if old != nil {
		p, err := audit.OpenCheckpoint([]byte(old.Checkpoint), verifier, verifier.Name())
		if err != nil {
			return "", audit.State{}, fmt.Errorf("the saved checkpoint does not verify with the pinned key: %w", err)
		}
		if p.Size > cp.Size {
			return "", audit.State{}, fmt.Errorf("the log shrank: the saved checkpoint (%s) has %d events, the server's now has %d", old.VerifiedAt.Format(time.RFC3339), p.Size, cp.Size)
		}
		prev = &p
		v.Want(p.Size)
	}
	if err := streamLog(ctx, c, cp.Size, v); err != nil {
		return "", audit.State{}, err
	}
	if err := v.Check(cp); err != nil {
		return "", audit.State{}, err
	}
	verdict := fmt.Sprintf("%d events verified against the checkpoint signed by %s (root %x), and every copy kept for searching matches its event", cp.Size, verifier.Name(), cp.Root[:8])
	if prev != nil && prev.Size > 0 {
		if err := v.CheckPrefix(*prev); err != nil {
			return "", audit.State{}, fmt.Errorf("the log no longer matches the checkpoint saved at %s (size %d): history was rewritten: %w", old.VerifiedAt.Format(time.RFC3339), prev.Size, err)
		}
		var proof struct {
			Proof []string `json:"proof"`
		}
		if err := c.do(ctx, "GET", fmt.Sprintf("/v1/audit/proofs/consistency?from=%d&to=%d", prev.Size, cp.Size), nil, &proof); err != nil {
			return "", audit.State{}, err
		}
		p, err := unhexAll(proof.Proof)
		if err == nil {
			err = audit.VerifyConsistency(*prev, cp, p)
		}
		if err != nil {
			return "", audit.State{}, fmt.Errorf("the consistency proof from size %d to %d does not verify: %w", prev.Size, cp.Size, err)
		}
		verdict += fmt.Sprintf("; consistent with the checkpoint saved at %s (size %d)", old.VerifiedAt.Format(time.RFC3339), prev.Size)
	}
	return verdict, audit.State{VerifierKey: vkey, Checkpoint: string(signed), VerifiedAt: time.Now().UTC()}, nil
}

// streamLog feeds the export of events [0, size) to v, and with each event
// the copies the store keeps of it (GET /v1/audit/columns), which v compares
// with the event's canonical bytes.
func streamLog(ctx context.Context, c *client, size uint64, v *audit.Verifier) error {
	to := strconv.FormatUint(size, 10)
	cols, err := c.send(ctx, "GET", "/v1/audit/columns?to="+to, nil)
	if err != nil {
		return err
	}
	defer cols.Body.Close()
	resp, err := c.send(ctx, "GET", "/v1/audit/log?to="+to, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := v.AddStreamColumns(resp.Body, cols.Body); err != nil {
		return err
	}
	// The trailers are read once the bodies are: without "complete" the
	// server stopped early, which says nothing about the log.
	for what, r := range map[string]*http.Response{"export": resp, "export of the stored columns": cols} {
		if r.Trailer.Get("X-Audit-Export") != "complete" {
			return fmt.Errorf("the server's %s stopped after %d events without completing (an error on the server, not evidence about the log): try again", what, v.Size())
		}
	}
	return nil
}

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
