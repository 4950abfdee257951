package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

func newReviewCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Output review: answers held for governance officers before release",
		Long: `review follows answers that policies/review.rego held for output review: because a
dataset they use or their project asks for it, or because of a differencing near miss, when
the ledger is on (ENCLAVE_DIFFERENCING) and counts more near misses than the policy allows.
Governance officers other than the researcher who asked approve or reject them; enough
distinct approvals release the answer, one rejection (with a reason) ends it. An answer
whose opt-out lists, project or catalogue changed since it was held can only be rejected
(review.stale): the researcher asks again. Researchers see the state of their own, and the
answer once released (docs/review.md).`,
	}
	cmd.AddCommand(newReviewListCommand(a), newReviewShowCommand(a), newReviewVerdictCommand(a, "approve"), newReviewVerdictCommand(a, "reject"))
	return cmd
}

func newReviewListCommand(a *app) *cobra.Command {
	var state, format string
	cmd := &cobra.Command{
		Use:   "list [--state held|released|rejected]",
		Short: "List held answers (officers: all; researchers: your own)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			path := "/v1/reviews"
			if state != "" {
				path += "?state=" + url.QueryEscape(state)
			}
			var out struct {
				Results []enclave.HeldResult `json:"results"`
			}
			if err := c.do(cmd.Context(), "GET", path, nil, &out); err != nil {
				return err
			}
			return a.output(format, out.Results, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSTATE\tAPPROVALS\tPROJECT\tREQUESTER\tHELD FOR\tASKED")
				for _, r := range out.Results {
					fmt.Fprintf(tw, "%s\t%s\t%d of %d\t%s\t%s\t%s\t%s\n", r.ID, r.State, len(r.Approvals), r.ApprovalsRequired,
						r.Project, r.Requester, strings.Join(heldCodes(r), ", "), r.CreatedAt.UTC().Format(time.DateTime))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&state, "state", "", "only answers in this state: held, released or rejected")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newReviewShowCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show RESULT_ID",
		Short: "Show a held answer: officers see what would be released; researchers its state, and the answer once released",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.reviewCall(cmd, "GET", "/v1/reviews/"+url.PathEscape(args[0]), nil, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newReviewVerdictCommand(a *app, verb string) *cobra.Command {
	var reason, format string
	short := map[string]string{
		"approve": "Approve a held answer (officers other than its requester); enough approvals release it",
		"reject":  "Reject a held answer, with a reason the researcher reads",
	}[verb]
	cmd := &cobra.Command{
		Use:   verb + " RESULT_ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.reviewCall(cmd, "POST", "/v1/reviews/"+url.PathEscape(args[0])+"/"+verb, map[string]string{"reason": reason}, format)
		},
	}
	help := map[string]string{"approve": "an optional note, one line, recorded with the approval", "reject": "why it is rejected, one line (required)"}[verb]
	cmd.Flags().StringVar(&reason, "reason", "", help)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// reviewCall sends a review request and prints the held answer it answers.
func (a *app) reviewCall(cmd *cobra.Command, method, path string, body any, format string) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	var r enclave.HeldResult
	if err := c.do(cmd.Context(), method, path, body, &r); err != nil {
		return err
	}
	return a.output(format, r, func(w io.Writer) error { return printHeld(w, r) })
}

// printHeld writes a held answer for people: its review, then what the
// reader may see of the answer.
func printHeld(w io.Writer, r enclave.HeldResult) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var approvers []string
	for _, s := range r.Approvals {
		approvers = append(approvers, s.Officer+noteText(s.Reason))
	}
	rows := [][2]string{
		{"held answer", r.ID}, {"project", r.Project}, {"requester", r.Requester},
		{"state", fmt.Sprintf("%s (%d of %d approvals: %s)", r.State, len(r.Approvals), r.ApprovalsRequired, orNone(strings.Join(approvers, ", ")))},
		{"asked", r.CreatedAt.UTC().Format(time.DateTime) + ", query " + r.QueryHash},
	}
	for _, h := range r.HeldFor {
		rows = append(rows, [2]string{"held for", h.Code + ": " + h.Message})
	}
	if len(r.RepeatOf) > 0 {
		rows = append(rows, [2]string{"repeats", strings.Join(r.RepeatOf, ", ")})
	}
	if j := r.Rejection; j != nil {
		rows = append(rows, [2]string{"rejected", fmt.Sprintf("by %s at %s: %s", j.Officer, j.At.UTC().Format(time.DateTime), j.Reason)})
	}
	if s := r.Summary; s != nil {
		rows = append(rows, [2]string{"cells", fmt.Sprintf("%d, %d released, %d zero; hidden: %s", s.Cells, s.Released, s.Zeros, countsText(s.Suppressed))})
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "%s:\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Result == nil {
		if r.State == enclave.ResultHeld {
			_, err := fmt.Fprintf(w, "\nThe answer is shown here once it is released: enclave review show %s\n", r.ID)
			return err
		}
		return nil
	}
	var res disclosure.Result
	var m answer.Manifest
	if err := json.Unmarshal(r.Result, &res); err != nil {
		return fmt.Errorf("unreadable result: %w", err)
	}
	if err := json.Unmarshal(r.Manifest, &m); err != nil {
		return fmt.Errorf("unreadable manifest: %w", err)
	}
	fmt.Fprintln(w)
	if err := writeAnswerTable(w, &res); err != nil {
		return err
	}
	return printManifest(w, m)
}

// heldCodes lists the codes of the reasons r was held for, once each.
func heldCodes(r enclave.HeldResult) []string {
	var codes []string
	for _, h := range r.HeldFor {
		codes = append(codes, h.Code)
	}
	return slices.Compact(codes)
}

func noteText(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// countsText writes counts by rule, leaving out zeros: "2 by primary".
func countsText(counts map[string]int) string {
	var parts []string
	for _, rule := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[rule]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d by %s", n, rule))
		}
	}
	return orNone(strings.Join(parts, ", "))
}
