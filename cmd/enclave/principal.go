package main

import (
	"fmt"
	"io"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newPrincipalCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "principal",
		Short: "Principals and their enrolment: operators enrol, governance officers approve",
		Long: `principal lists principals and decides pending enrolments. An operator enrols a
governance officer or an auditor with 'enclave token create'; until a governance officer
other than the one who asked approves it, the principal is pending and its token does not
work. The first officers are enrolled at bootstrap (ENCLAVE_BOOTSTRAP_GOVERNANCE with
'enclave migrate'). Officers linked by enrolment (one enrolled or approved the other) count
as one in a four-eyes decision (docs/governance.md).`,
	}
	cmd.AddCommand(newPrincipalListCommand(a), newPrincipalDecisionCommand(a, "approve"), newPrincipalDecisionCommand(a, "reject"))
	return cmd
}

func newPrincipalListCommand(a *app) *cobra.Command {
	var state, format string
	cmd := &cobra.Command{
		Use:   "list [--state pending|active|refused]",
		Short: "List principals and their enrolment (operators and governance officers)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			path := "/v1/principals"
			if state != "" {
				path += "?state=" + url.QueryEscape(state)
			}
			var out struct {
				Principals []enclave.PrincipalInfo `json:"principals"`
			}
			if err := c.do(cmd.Context(), "GET", path, nil, &out); err != nil {
				return err
			}
			return a.output(format, out.Principals, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tROLE\tSTATE\tENROLLED BY\tDECIDED BY\tENROLLED")
				for _, p := range out.Principals {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Role, p.State, orDash(p.CreatedBy), orDash(p.DecidedBy),
						p.CreatedAt.UTC().Format(time.DateTime))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&state, "state", "", "only principals in this state: pending, active or refused")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newPrincipalDecisionCommand(a *app, verb string) *cobra.Command {
	var reason, format string
	short := map[string]string{
		"approve": "Approve a pending enrolment (governance officers other than the one who asked); its token then works",
		"reject":  "Refuse a pending enrolment, with a reason; its tokens are revoked",
	}[verb]
	cmd := &cobra.Command{
		Use:   verb + " PRINCIPAL",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var p enclave.PrincipalInfo
			if err := c.do(cmd.Context(), "POST", "/v1/principals/"+url.PathEscape(args[0])+"/"+verb, map[string]string{"reason": reason}, &p); err != nil {
				return err
			}
			return a.output(format, p, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s (%s) is %s, decided by %s\n", p.ID, p.Role, p.State, p.DecidedBy)
				return err
			})
		},
	}
	help := map[string]string{"approve": "an optional note, one line", "reject": "why it is refused, one line (required)"}[verb]
	cmd.Flags().StringVar(&reason, "reason", "", help)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
