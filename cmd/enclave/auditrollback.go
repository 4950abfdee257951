package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// rollbackView mirrors the API's view of an acknowledged rollback.
type rollbackView struct {
	Saved struct {
		Size uint64 `json:"size"`
		Root string `json:"root"`
	} `json:"saved"`
	SavedAt time.Time `json:"saved_at"`
	Found   struct {
		Size uint64 `json:"size"`
		Root string `json:"root"`
	} `json:"found"`
	Anchor string `json:"anchor"`
}

// rollbackReason refuses an empty reason before anything is sent.
func rollbackReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return errors.New(`--reason is required: say why (for example, "restored the 02:00 backup after disk failure")`)
	}
	return nil
}

// postReason sends reason, refused before anything is sent when empty, to
// path, and reads the answer into res.
func (a *app) postReason(cmd *cobra.Command, path, reason string, res any) error {
	if err := rollbackReason(reason); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	return c.do(cmd.Context(), "POST", path, map[string]string{"reason": reason}, res)
}

func newAuditAcknowledgeRollbackCommand(a *app) *cobra.Command {
	var reason, format string
	cmd := &cobra.Command{
		Use:   "acknowledge-rollback --reason TEXT",
		Short: "Acknowledge that the database was restored to an earlier point, so queries are served again, each held for review (operators)",
		Long: `acknowledge-rollback is for the server that refuses queries because its database is behind
the checkpoint it keeps outside it (an older backup was restored; /readyz names "rollback").
It records the acknowledgement, with the reason, in the audit log (audit.rollback_acknowledge:
the checkpoint saved and the log found). Queries are then answered again, but every answer is
held for output review until a governance officer runs 'enclave audit lift-rollback-hold':
the restored differencing ledger has forgotten the cells released since the backup
(docs/operations.md, "Backup and restore").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var res struct {
				Rollback rollbackView `json:"rollback"`
				Warning  string       `json:"warning"`
			}
			if err := a.postReason(cmd, "/v1/audit/rollback/acknowledge", reason, &res); err != nil {
				return err
			}
			return a.output(format, res, func(w io.Writer) error {
				r := res.Rollback
				fmt.Fprintf(w, "Rollback acknowledged: the checkpoint saved in %s at %s had %d events (root %s); the database had %d (root %s).\n",
					r.Anchor, r.SavedAt.Format(time.RFC3339), r.Saved.Size, short(r.Saved.Root), r.Found.Size, short(r.Found.Root))
				fmt.Fprintln(w, "Queries are answered again; every answer is held for output review until a governance officer lifts the hold.")
				if res.Warning != "" {
					fmt.Fprintln(w, "Warning:", res.Warning)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the database was restored (required)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newAuditLiftRollbackHoldCommand(a *app) *cobra.Command {
	var reason, format string
	cmd := &cobra.Command{
		Use:   "lift-rollback-hold --reason TEXT",
		Short: "Stop holding every answer for review after an acknowledged rollback (governance officers)",
		Long: `lift-rollback-hold ends the hold that an acknowledged rollback put on every answer, with the
reason the officers decided it is safe (for example, that the answers released between the
backup and the restore were reviewed). It is audited (audit.rollback_lift). Operators, who
acknowledge a rollback, cannot lift the hold: two roles, two people.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var res struct {
				Lifted []rollbackView `json:"lifted"`
			}
			if err := a.postReason(cmd, "/v1/audit/rollback/lift", reason, &res); err != nil {
				return err
			}
			return a.output(format, res, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Hold lifted (%d rollback(s)): answers are released by the output review policy again.\n", len(res.Lifted))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why answers need no longer be held (required)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// short is the first 16 hex digits of a root, enough to compare by eye.
func short(root string) string {
	if len(root) > 16 {
		return root[:16]
	}
	return root
}
