package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
)

func newOptOutCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "optout", Short: "Load national data opt-out and Type 1 lists, and check they are fresh"}
	cmd.AddCommand(newOptOutLoadCommand(a), newOptOutStatusCommand(a))
	return cmd
}

func newOptOutLoadCommand(a *app) *cobra.Command {
	var list, form, asOf, format string
	cmd := &cobra.Command{
		Use:   "load --list ndoo|type1 --form deny|allow [--as-of DATE] FILE",
		Short: "Load an opt-out list file as the list's new version (operator only)",
		Long: `load sends FILE to the server, which stores its NHS numbers only as pseudonyms, as the
list's new current version. FILE is the MESH .dat form (one NHS number per line, an optional
trailing comma) or CSV with the number in the first column (an optional nhs_number header),
plain or gzipped. --form deny means the file lists the people who opted out; allow, the
people who did not (everyone else is then excluded). --as-of is the date the list was drawn
up (default today); a list goes stale ENCLAVE_OPTOUT_MAX_AGE after it.

The load is all or nothing. Invalid lines are reported by line number and reason; more than
1% of them, no valid number, or fewer than 10 distinct numbers refuse the whole file. Loading
the current version's file again (same form, as-of date and key) changes nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := optout.ParseList(list); err != nil {
				return fmt.Errorf("--list: %w", err)
			}
			if _, err := optout.ParseForm(form); err != nil {
				return fmt.Errorf("--form: %w", err)
			}
			q := url.Values{"form": {form}}
			if asOf != "" {
				if _, err := optout.ParseDate(asOf); err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
				q.Set("as_of", asOf)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			resp, err := c.sendBody(cmd.Context(), "POST", "/v1/optouts/"+url.PathEscape(list)+"?"+q.Encode(), "application/octet-stream", f)
			if err != nil {
				return err
			}
			rep, err := decodeAnswer[enclave.OptOutReport](resp)
			if err != nil {
				return err
			}
			return a.output(format, rep, func(w io.Writer) error { return printOptOutReport(w, rep) })
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "ndoo (national data opt-out) or type1 (Type 1 objections)")
	cmd.Flags().StringVar(&form, "form", "", "deny (the file lists who opted out) or allow (who did not)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the date the list was drawn up, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	_ = cmd.MarkFlagRequired("list")
	_ = cmd.MarkFlagRequired("form")
	return cmd
}

func printOptOutReport(w io.Writer, rep enclave.OptOutReport) error {
	v, f := rep.Version, rep.File
	if rep.NoOp {
		fmt.Fprintf(w, "%s list unchanged: the file is already version %d (%s, as of %s); nothing was stored\n", v.List, v.Version, v.Form, v.AsOf)
	} else {
		fmt.Fprintf(w, "%s list version %d loaded (%s, as of %s)\n", v.List, v.Version, v.Form, v.AsOf)
	}
	fmt.Fprintf(w, "  lines %d, numbers %d, stored %d, duplicates %d, invalid %d, blank %d\n",
		f.Lines, f.Numbers, v.Entries, v.Duplicates, f.Invalid, f.Blank)
	fmt.Fprintf(w, "  content sha256 %s, key version %d\n", v.ContentSHA256, v.KeyVersion)
	if f.Invalid > 0 {
		fmt.Fprintln(w, "invalid lines (left out):")
		for _, l := range f.InvalidLines {
			fmt.Fprintf(w, "  line %d: %s\n", l.Line, l.Reason)
		}
		if f.Unlisted > 0 {
			fmt.Fprintf(w, "  and %d more\n", f.Unlisted)
		}
	}
	return nil
}

func newOptOutStatusCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each opt-out list's current version and whether it is stale",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var out struct {
				Lists  []enclave.OptOutStatus `json:"lists"`
				MaxAge string                 `json:"max_age"`
			}
			if err := c.do(cmd.Context(), "GET", "/v1/optouts", nil, &out); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, out.Lists)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "LIST\tSTATE\tVERSION\tFORM\tAS OF\tSTALE FROM\tENTRIES\tLOADED")
			for _, s := range out.Lists {
				if s.Current == nil {
					fmt.Fprintf(tw, "%s\t%s\t-\t-\t-\t-\t-\t-\n", s.List, s.State())
					continue
				}
				v := s.Current
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s by %s\n", s.List, s.State(), v.Version, v.Form, v.AsOf,
					s.StaleAt.Format(time.DateOnly), v.Entries, v.LoadedAt.Format(time.RFC3339), v.LoadedBy)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}
