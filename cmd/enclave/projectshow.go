package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newProjectShowCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show PROJECT_ID",
		Short: "Show a project and its governance history",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.projectCall(cmd, "GET", "/v1/projects/"+url.PathEscape(args[0]), nil, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newProjectListCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the projects you may see (researchers: your own)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var out struct {
				Projects []enclave.Project `json:"projects"`
			}
			if err := c.do(cmd.Context(), "GET", "/v1/projects", nil, &out); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, out.Projects)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATE\tLEAD\tLEGAL BASIS\tDATES\tTITLE")
			for _, p := range out.Projects {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s..%s\t%s\n", p.ID, p.EffectiveState, p.Lead, p.LegalBasis, p.StartDate, p.ExpiryDate, p.Title)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func newProjectRegisterCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "register",
		Short: "Show the public data use register (no token needed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			var out struct {
				Projects []enclave.RegisterEntry `json:"projects"`
			}
			if err := newAnonymousClient(cfg).do(cmd.Context(), "GET", "/v1/register", nil, &out); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, out.Projects)
			}
			if len(out.Projects) == 0 {
				_, err := fmt.Fprintln(a.stdout, "No project has been approved yet.")
				return err
			}
			for i, e := range out.Projects {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				fmt.Fprintf(a.stdout, "%s\n  approved %s, runs %s to %s\n  legal basis: %s\n  datasets: %s\n  purpose: %s\n",
					e.Title, e.ApprovedOn, e.StartDate, e.ExpiryDate, e.LegalBasis, strings.Join(e.Datasets, ", "), e.Purpose)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// printProject writes a project for people: its fields, then its history.
func printProject(w io.Writer, p enclave.Project) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	state := p.EffectiveState
	if state != p.State {
		state += " (stored: " + p.State + ")"
	}
	rows := [][2]string{
		{"id", p.ID}, {"title", p.Title}, {"state", state}, {"lead", p.Lead},
		{"members", orNone(strings.Join(p.Members, ", "))}, {"legal basis", p.LegalBasis},
		{"opt-outs applied", optOutText(p.OptOuts)}, {"dates", p.StartDate + " to " + p.ExpiryDate},
		{"disclosure", fmt.Sprintf("threshold %d, rounding %d", p.Disclosure.Threshold, p.Disclosure.Rounding)},
		{"sensitive", fmt.Sprint(p.Sensitive)}, {"output review", fmt.Sprint(p.OutputReview)},
		{"approvals", fmt.Sprintf("%s (submission %d)", orNone(strings.Join(p.Approvals, ", ")), p.Submission)},
	}
	for _, ds := range p.Scope.Datasets() {
		rows = append(rows, [2]string{"scope " + ds, strings.Join(p.Scope[ds], ", ")})
	}
	rows = append(rows, [2]string{"purpose", p.Purpose})
	for _, r := range rows {
		fmt.Fprintf(tw, "%s:\t%s\n", r[0], r[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(p.History) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nhistory:")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tAT\tBY\tACTION\tSTATE\tREASON")
	for _, h := range p.History {
		reason := h.Reason
		if h.Detail != "" && reason != "" {
			reason = h.Detail + "; " + reason
		} else if h.Detail != "" {
			reason = h.Detail
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", h.Seq, h.At.UTC().Format(time.DateTime), h.Actor,
			strings.TrimPrefix(h.Action, "project."), strings.TrimPrefix(h.StateBefore+" -> "+h.StateAfter, " -> "), reason)
	}
	return tw.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func optOutText(o enclave.AppliedOptOuts) string {
	var lists []string
	if o.NDOO {
		lists = append(lists, "national data opt-out")
	}
	if o.Type1 {
		lists = append(lists, "Type 1")
	}
	if len(lists) == 0 {
		return "none (the legal basis sets them aside)"
	}
	return strings.Join(lists, ", ")
}
