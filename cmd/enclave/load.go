package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/ingest"
)

func newLoadCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Loads already made: list them, show one, retract it, confirm a retraction",
		Long: `load acts on a load that enclave ingest made, named by the load id its report gave.
A load that stored wrong rows, or rejected every row under a wrong mapping, is retracted:
an operator or governance officer asks, with a reason; the governance policy
(policies/retraction.rego) decides whether a second person must confirm, and by default one
must: another operator, or a governance officer, never the one who asked. Once confirmed,
the load's rows leave the dataset and the same file can be loaded again, for example under a
corrected mapping. Every step is audited (docs/ingest.md, "Retract and replace").`,
	}
	cmd.AddCommand(newLoadListCommand(a), newLoadShowCommand(a), newLoadRetractCommand(a), newLoadConfirmCommand(a))
	return cmd
}

func newLoadShowCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show LOAD_ID",
		Short: "Show a load, its rejected lines (never their values) and its retraction, if one was asked for",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.loadCall(cmd, "GET", args[0], "", nil, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newLoadRetractCommand(a *app) *cobra.Command {
	var reason, format string
	cmd := &cobra.Command{
		Use:   "retract LOAD_ID --reason TEXT",
		Short: "Ask for a load to be retracted; a second person confirms it when the policy says so",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return fmt.Errorf("--reason is required: say why the load is retracted (one line, kept in the audit log)")
			}
			return a.loadCall(cmd, "POST", args[0], "/retract", map[string]string{"reason": reason}, format)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the load is retracted, one line (required)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newLoadConfirmCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "confirm LOAD_ID",
		Short: "Confirm a retraction someone else asked for: the load's rows leave its dataset",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.loadCall(cmd, "POST", args[0], "/retract/confirm", nil, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// loadCall sends a request about load id and prints the load it answers.
func (a *app) loadCall(cmd *cobra.Command, method, id, suffix string, body any, format string) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	var l ingest.LoadState
	if err := c.do(cmd.Context(), method, "/v1/loads/"+url.PathEscape(id)+suffix, body, &l); err != nil {
		return err
	}
	return a.output(format, l, func(w io.Writer) error { return printLoadState(w, l) })
}

// printLoadState writes a load and its retraction for people.
func printLoadState(w io.Writer, l ingest.LoadState) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "load\t%d into %s (version %d)\n", l.ID, l.Dataset, l.DatasetVersion)
	fmt.Fprintf(tw, "mapping\t%s v%d, %s\n", l.Mapping, l.MappingVersion, l.MappingRevision)
	fmt.Fprintf(tw, "file\tsha256 %s\n", l.ContentSHA256)
	fmt.Fprintf(tw, "rows\t%d read, %d stored, %d rejected, %d skipped\n", l.RowsRead, l.RowsStored, l.RowsRejected, l.RowsSkipped)
	fmt.Fprintf(tw, "loaded\t%s by %s\n", l.LoadedAt.UTC().Format(time.DateTime), l.LoadedBy)
	if l.FinishedAt != nil {
		fmt.Fprintf(tw, "finished\t%s\n", l.FinishedAt.UTC().Format(time.DateTime))
	}
	fmt.Fprintf(tw, "state\t%s\n", l.State())
	if r := l.Retraction; r != nil {
		fmt.Fprintf(tw, "retraction\tasked %s by %s: %s\n", r.RequestedAt.UTC().Format(time.DateTime), r.RequestedBy, r.Reason)
		switch {
		case r.ConfirmedBy != "":
			fmt.Fprintf(tw, "confirmed\t%s by %s\n", r.ConfirmedAt.UTC().Format(time.DateTime), r.ConfirmedBy)
		case r.ConfirmationRequired:
			fmt.Fprintf(tw, "confirmed\tnot yet: a second person (another operator, or a governance officer) runs enclave load confirm %d\n", l.ID)
		}
		if r.RetractedAt != nil {
			fmt.Fprintf(tw, "retracted\t%s: %d rows left the dataset; the file can be loaded again\n", r.RetractedAt.UTC().Format(time.DateTime), r.RowsRemoved)
		}
	}
	for _, rj := range l.Rejects {
		column := rj.Column
		if column == "" {
			column = "(whole line)"
		}
		fmt.Fprintf(tw, "rejected\tline %d, %s: %s\n", rj.Line, column, rj.Reason)
	}
	return tw.Flush()
}
