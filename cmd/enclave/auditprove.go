package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/audit"
)

func newAuditProveCommand(a *app) *cobra.Command {
	var (
		event            int64
		from, to         int64
		keyFlag, keyFile string
		out, check       string
	)
	cmd := &cobra.Command{
		Use:   "prove",
		Short: "Prove an event's inclusion, or the consistency of two checkpoints; check a saved proof offline",
		Long: `prove --event N fetches the latest checkpoint (signing a new one if it does not cover N),
the event and its inclusion proof; prove --from A [--to B] fetches the stored checkpoints at
sizes A and B (default the latest) and the consistency proof between them. Either way it
checks the proof against the pinned key and writes a bundle (--out, default stdout) that
'prove --check FILE' verifies later with only the public key, without the server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			vkey, err := pinnedKey(keyFlag, keyFile, nil)
			if err != nil {
				return err
			}
			verifier, err := audit.ParseVerifierKey(vkey)
			if err != nil {
				return err
			}
			if check != "" {
				b, err := os.ReadFile(check)
				if err != nil {
					return fmt.Errorf("--check: %w", err)
				}
				var bundle audit.Bundle
				if err := json.Unmarshal(b, &bundle); err != nil {
					return fmt.Errorf("--check %s: not a proof bundle: %w", check, err)
				}
				verdict, err := audit.CheckBundle(bundle, verifier)
				if err != nil {
					fmt.Fprintf(a.stdout, "FAILED: %v\n", err)
					return errors.New("proof verification failed")
				}
				_, err = fmt.Fprintf(a.stdout, "OK: %s\n", verdict)
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			var bundle audit.Bundle
			switch {
			case event >= 0 && from < 0:
				bundle, err = inclusionBundle(cmd.Context(), c, uint64(event))
			case from >= 1 && event < 0:
				bundle, err = consistencyBundle(cmd.Context(), c, from, to)
			default:
				return errors.New("give either --event N, or --from A (at least 1) with an optional --to B, or --check FILE")
			}
			if err != nil {
				return err
			}
			if _, err := audit.CheckBundle(bundle, verifier); err != nil {
				return fmt.Errorf("the server's proof does not verify: %w", err)
			}
			b, _ := json.MarshalIndent(bundle, "", "  ")
			if out == "" {
				_, err = fmt.Fprintln(a.stdout, string(b))
				return err
			}
			return os.WriteFile(out, append(b, '\n'), 0o644)
		},
	}
	cmd.Flags().Int64Var(&event, "event", -1, "sequence number of the event to prove included")
	cmd.Flags().Int64Var(&from, "from", -1, "size of the older checkpoint, for a consistency proof")
	cmd.Flags().Int64Var(&to, "to", -1, "size of the newer checkpoint (default the latest)")
	cmd.Flags().StringVar(&keyFlag, "key", "", "the pinned verifier key")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file holding the pinned verifier key")
	cmd.Flags().StringVar(&out, "out", "", "write the proof bundle to this file")
	cmd.Flags().StringVar(&check, "check", "", "verify a saved proof bundle offline")
	return cmd
}

func inclusionBundle(ctx context.Context, c *client, index uint64) (audit.Bundle, error) {
	// An unreadable size is 0 here: the bundle's check names the fault.
	signed, err := c.text(ctx, "GET", "/v1/audit/checkpoint")
	if size, _ := audit.CheckpointSize(signed); err != nil || size <= index {
		if signed, err = c.text(ctx, "POST", "/v1/audit/checkpoints"); err != nil {
			return audit.Bundle{}, err
		}
	}
	size, _ := audit.CheckpointSize(signed)
	line, err := c.text(ctx, "GET", fmt.Sprintf("/v1/audit/log?from=%d&to=%d", index, index+1))
	if err != nil {
		return audit.Bundle{}, err
	}
	var p struct {
		Proof []string `json:"proof"`
	}
	if err := c.do(ctx, "GET", fmt.Sprintf("/v1/audit/proofs/inclusion?index=%d&size=%d", index, size), nil, &p); err != nil {
		return audit.Bundle{}, err
	}
	return audit.Bundle{Type: audit.BundleInclusion, Checkpoint: string(signed), Index: index, Event: strings.TrimSuffix(string(line), "\n"), Proof: p.Proof}, nil
}

func consistencyBundle(ctx context.Context, c *client, from, to int64) (audit.Bundle, error) {
	old, err := c.text(ctx, "GET", fmt.Sprintf("/v1/audit/checkpoint?size=%d", from))
	if err != nil {
		return audit.Bundle{}, fmt.Errorf("no checkpoint was signed at size %d: %w", from, err)
	}
	path := "/v1/audit/checkpoint"
	if to >= 0 {
		path += fmt.Sprintf("?size=%d", to)
	}
	signed, err := c.text(ctx, "GET", path)
	if err != nil {
		return audit.Bundle{}, err
	}
	size, _ := audit.CheckpointSize(signed)
	var p struct {
		Proof []string `json:"proof"`
	}
	if err := c.do(ctx, "GET", fmt.Sprintf("/v1/audit/proofs/consistency?from=%d&to=%d", from, size), nil, &p); err != nil {
		return audit.Bundle{}, err
	}
	return audit.Bundle{Type: audit.BundleConsistency, Checkpoint: string(signed), Old: string(old), Proof: p.Proof}, nil
}
