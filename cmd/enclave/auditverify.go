package main

import (
	"errors"
	"fmt"
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
			report, err := audit.VerifyLog(cmd.Context(), logSource{c}, vkey, st)
			if err != nil {
				fmt.Fprintf(a.stdout, "FAILED: %v\n", err)
				return errors.New("audit log verification failed")
			}
			fmt.Fprintf(a.stdout, "OK: %s\n", report)
			if stateFile == "" {
				return nil
			}
			if err := report.State(time.Now()).Save(stateFile); err != nil {
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
