package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newWhoamiCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "whoami",
		Short: "Show the principal and role of ENCLAVE_TOKEN",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var p enclave.Principal
			if err := c.do(cmd.Context(), "GET", "/v1/whoami", nil, &p); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s (%s)\n", p.ID, p.Role)
			return err
		},
	}
}

func newTokenCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Create, list and revoke API tokens"}
	cmd.AddCommand(newTokenCreateCommand(a), newTokenListCommand(a), newTokenRevokeCommand(a), newTokenGenerateCommand(a))
	return cmd
}

func newTokenCreateCommand(a *app) *cobra.Command {
	var req struct {
		Principal   string `json:"principal"`
		Role        string `json:"role"`
		TTL         string `json:"ttl,omitempty"`
		Description string `json:"description,omitempty"`
	}
	var format string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Issue a token for a principal (operator only); the secret is shown once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var tok enclave.IssuedToken
			if err := c.do(cmd.Context(), "POST", "/v1/tokens", req, &tok); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, tok)
			}
			fmt.Fprintf(a.stdout, "Token %s for %s (%s), expires %s. It is shown only now:\n\n  %s\n",
				tok.ID, tok.PrincipalID, tok.Role, tok.ExpiresAt.Format(time.RFC3339), tok.Secret)
			return nil
		},
	}
	cmd.Flags().StringVar(&req.Principal, "principal", "", "principal id (created with --role if new)")
	cmd.Flags().StringVar(&req.Role, "role", "", "researcher, governance, auditor or operator")
	cmd.Flags().StringVar(&req.TTL, "ttl", "", "lifetime, such as 720h (default 720h)")
	cmd.Flags().StringVar(&req.Description, "description", "", "what the token is for")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	_ = cmd.MarkFlagRequired("principal")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func newTokenListCommand(a *app) *cobra.Command {
	var principal, format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your tokens (operators: everyone's)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var out struct {
				Tokens []enclave.Token `json:"tokens"`
			}
			path := "/v1/tokens"
			if principal != "" {
				path += "?principal=" + url.QueryEscape(principal)
			}
			if err := c.do(cmd.Context(), "GET", path, nil, &out); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, out.Tokens)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPRINCIPAL\tROLE\tEXPIRES\tSTATE\tDESCRIPTION")
			for _, t := range out.Tokens {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.PrincipalID, t.Role,
					t.ExpiresAt.Format(time.RFC3339), tokenState(t), t.Description)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&principal, "principal", "", "operators: only this principal's tokens")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func tokenState(t enclave.Token) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked"
	case !time.Now().Before(t.ExpiresAt):
		return "expired"
	}
	return "active"
}

func newTokenRevokeCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke TOKEN_ID",
		Short: "Revoke a token (your own, or any as an operator)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			if err := c.do(cmd.Context(), "DELETE", "/v1/tokens/"+url.PathEscape(args[0]), nil, nil); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "revoked %s\n", args[0])
			return err
		},
	}
}

func newTokenGenerateCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "generate",
		Short: "Print a new, unregistered token for ENCLAVE_BOOTSTRAP_TOKEN_FILE",
		Long: `generate prints a well-formed random token without contacting a server. Put it in
the file named by ENCLAVE_BOOTSTRAP_TOKEN_FILE before the server's first start, and the
server registers it for the first operator instead of printing one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			secret, err := enclave.GenerateTokenSecret()
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.stdout, secret)
			return err
		},
	}
}

func writeJSONOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
