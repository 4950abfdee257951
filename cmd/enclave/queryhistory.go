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

// questionPage is a page of GET /v1/questions.
type questionPage struct {
	Questions  []enclave.Question `json:"questions"`
	NextBefore *int64             `json:"next_before,omitempty"`
}

func newQueryHistoryCommand(a *app) *cobra.Command {
	var principal, format string
	var before int64
	var limit int
	cmd := &cobra.Command{
		Use:   "history [--principal ID] [--before SEQ] [--limit N]",
		Short: "List your questions, newest first, as the audit log recorded them (auditors: anyone's)",
		Long: `history lists a principal's questions from the audit log, newest first: when, the project,
whether it was run or checked, how it ended (answered, checked, held with its review id,
refused or failed with the reason codes) and the index of its audit event. It shows no
result. Researchers read their own; auditors anyone's, with --principal. The read is
itself recorded in the audit log (docs/queries.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			q := url.Values{}
			if principal != "" {
				q.Set("principal", principal)
			}
			var p questionPage
			if err := c.do(cmd.Context(), "GET", pagePath("/v1/questions", q, before, limit), nil, &p); err != nil {
				return err
			}
			return a.output(format, p, func(w io.Writer) error { return printQuestions(w, p, principal) })
		},
	}
	cmd.Flags().StringVar(&principal, "principal", "", "whose questions (auditors); your own when absent")
	cmd.Flags().Int64Var(&before, "before", -1, "list questions recorded before this audit event (the next page's --before)")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many, 1 to 200 (default 50)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// printQuestions writes a page of questions of principal ("" for the
// caller's own) for people, with the command for the older page.
func printQuestions(w io.Writer, p questionPage, principal string) error {
	older := ""
	if p.NextBefore != nil {
		older = fmt.Sprintf("older: enclave query history --before %d", *p.NextBefore)
		if principal != "" {
			older += " --principal " + principal
		}
	}
	if len(p.Questions) == 0 {
		// A page of other reads can hold no question, with older ones
		// before it.
		_, err := fmt.Fprintln(w, strings.TrimSpace("No questions on this page. "+older))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tTIME\tPROJECT\tASKED\tOUTCOME\tDETAIL\tQUERY")
	for _, q := range p.Questions {
		detail := strings.Join(q.Reasons, ",")
		if q.HeldID != "" {
			detail = q.HeldID + " " + detail
			if q.AskedAgain {
				detail += " (asked again)"
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", q.Seq, q.Time.UTC().Format(time.DateTime), q.Project, q.Asked, q.Outcome, orDash(strings.TrimSpace(detail)), orDash(q.QueryHash))
	}
	if older != "" {
		fmt.Fprintln(tw, older)
	}
	return tw.Flush()
}
