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
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list, rotate and revoke API tokens",
		Long: `token manages API tokens. Operators enrol principals with their first token
(governance officers and auditors pending a governance officer's approval: see
'enclave principal'); every principal may mint more of its own, each a child of the
token it is made with: it never outlives its parent, is revoked with it, and a
principal holds at most 5 live ones. 'rotate' renews a token; 'revoke --principal'
revokes every token of a principal (docs/governance.md).`,
	}
	cmd.AddCommand(newTokenCreateCommand(a), newTokenListCommand(a), newTokenRevokeCommand(a), newTokenRotateCommand(a),
		newTokenGenerateCommand(a), newTokenHashCommand(a))
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
		Short: "Enrol a principal with its first token (operators), or mint another of your own; the secret is shown once",
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
			printIssued(a.stdout, tok)
			return nil
		},
	}
	cmd.Flags().StringVar(&req.Principal, "principal", "", "principal id (created with --role if new)")
	cmd.Flags().StringVar(&req.Role, "role", "", "researcher, governance, auditor or operator")
	cmd.Flags().StringVar(&req.TTL, "ttl", "", "lifetime, such as 720h (default 720h; a token of your own: at most the token you use has left)")
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
			fmt.Fprintln(tw, "ID\tPRINCIPAL\tROLE\tEXPIRES\tSTATE\tMINTED BY\tDESCRIPTION")
			for _, t := range out.Tokens {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.PrincipalID, t.Role,
					t.ExpiresAt.Format(time.RFC3339), tokenState(t), orDash(t.ParentID), t.Description)
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
	var principal, format string
	cmd := &cobra.Command{
		Use:   "revoke TOKEN_ID | --principal PRINCIPAL",
		Short: "Revoke a token and every token it minted, or every token of a principal (your own, or any as an operator)",
		Args: func(cmd *cobra.Command, args []string) error {
			if (principal == "") == (len(args) == 0) || len(args) > 1 {
				return fmt.Errorf("give either one TOKEN_ID or --principal PRINCIPAL")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			if principal == "" {
				if err := c.do(cmd.Context(), "DELETE", "/v1/tokens/"+url.PathEscape(args[0]), nil, nil); err != nil {
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "revoked %s and every token it minted\n", args[0])
				return err
			}
			var out struct {
				Revoked []enclave.Token `json:"revoked"`
			}
			if err := c.do(cmd.Context(), "DELETE", "/v1/principals/"+url.PathEscape(principal)+"/tokens", nil, &out); err != nil {
				return err
			}
			return a.output(format, out.Revoked, func(w io.Writer) error {
				fmt.Fprintf(w, "revoked %d tokens of %s\n", len(out.Revoked), principal)
				for _, t := range out.Revoked {
					fmt.Fprintf(w, "  %s  %s\n", t.ID, t.Description)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&principal, "principal", "", "revoke every live token of this principal")
	cmd.Flags().StringVar(&format, "format", "text", "output format with --principal: text or json")
	return cmd
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

// printIssued shows a new token and its secret, and says when it does not
// work yet.
func printIssued(w io.Writer, tok enclave.IssuedToken) {
	fmt.Fprintf(w, "Token %s for %s (%s), expires %s. It is shown only now:\n\n  %s\n",
		tok.ID, tok.PrincipalID, tok.Role, tok.ExpiresAt.Format(time.RFC3339), tok.Secret)
	if tok.Enrolment == enclave.EnrolmentPending {
		fmt.Fprintf(w, "\nThe enrolment of %s is pending: the token works once a governance officer approves it\n(enclave principal approve %s).\n",
			tok.PrincipalID, tok.PrincipalID)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSONOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
