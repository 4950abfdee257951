package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/ingest"
)

// loadPage is a page of GET /v1/loads.
type loadPage struct {
	Loads      []ingest.LoadState `json:"loads"`
	NextBefore *int64             `json:"next_before,omitempty"`
}

func newLoadListCommand(a *app) *cobra.Command {
	var format string
	var before int64
	var limit int
	cmd := &cobra.Command{
		Use:   "list [--before LOAD_ID] [--limit N]",
		Short: "List the loads, newest first, with their counts and state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var p loadPage
			if err := c.do(cmd.Context(), "GET", pagePath("/v1/loads", url.Values{}, before, limit), nil, &p); err != nil {
				return err
			}
			return a.output(format, p, func(w io.Writer) error { return printLoads(w, p) })
		},
	}
	cmd.Flags().Int64Var(&before, "before", -1, "list loads with ids below this one (the next page's --before)")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many, 1 to 200 (default 50)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// pagePath is path with q and a page's --before (when 0 or more) and
// --limit (when set).
func pagePath(path string, q url.Values, before int64, limit int) string {
	if before >= 0 {
		q.Set("before", strconv.FormatInt(before, 10))
	}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

// printLoads writes a page of loads for people.
func printLoads(w io.Writer, p loadPage) error {
	if len(p.Loads) == 0 {
		_, err := fmt.Fprintln(w, "No data has been loaded.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOAD\tDATASET\tMAPPING\tSTATE\tSTARTED\tBY\tSTORED\tREJECTED\tSKIPPED")
	for _, l := range p.Loads {
		fmt.Fprintf(tw, "%d\t%s v%d\t%s v%d\t%s\t%s\t%s\t%d\t%d\t%d\n", l.ID, l.Dataset, l.DatasetVersion, l.Mapping, l.MappingVersion,
			l.State(), l.LoadedAt.UTC().Format(time.DateTime), l.LoadedBy, l.RowsStored, l.RowsRejected, l.RowsSkipped)
	}
	if p.NextBefore != nil {
		fmt.Fprintf(tw, "older: enclave load list --before %d\n", *p.NextBefore)
	}
	return tw.Flush()
}
