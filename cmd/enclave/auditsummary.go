package main

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newAuditSummaryCommand(a *app) *cobra.Command {
	var format, principal, since, until string
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "Summarise what each researcher asked, per day: answers, holds, asked again, refusals, checks, cells withheld by rule",
		Long: `summary counts, per principal and day (UTC), the queries answered, the answers held
for output review, the questions refused (by reason), the pre-flight checks, the distinct
questions asked, and the cells disclosure control withheld (by rule). It is computed by the
server from the query events, each checked against its canonical bytes: a fishing
expedition shows up as many distinct questions, many refusals, or many cells withheld by
the differencing rule. The window is --since to --until (default: the 30 days to now).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format: invalid value %q: accepted values are table, json", format)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			q := url.Values{}
			for name, v := range map[string]string{"principal": principal, "since": since, "until": until} {
				if v != "" {
					q.Set(name, v)
				}
			}
			var out struct {
				Days []enclave.ResearcherDay `json:"days"`
			}
			if err := c.do(cmd.Context(), "GET", "/v1/audit/summary?"+q.Encode(), nil, &out); err != nil {
				return err
			}
			if format == "json" {
				return writeJSONOut(a.stdout, out.Days)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DAY\tPRINCIPAL\tANSWERS\tHOLDS\tASKED AGAIN\tREFUSALS\tCHECKS\tQUERIES\tWITHHELD\tREFUSED")
			for _, d := range out.Days {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", d.Day, d.Principal, d.Answers, d.Holds, d.AskedAgain, d.Refusals,
					d.Checks, d.Queries, counts(d.Withheld), counts(d.Refused))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&principal, "principal", "", "one principal id (default: everyone)")
	cmd.Flags().StringVar(&since, "since", "", "from this RFC 3339 time (default: 30 days before --until)")
	cmd.Flags().StringVar(&until, "until", "", "before this RFC 3339 time (default: now)")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

// counts writes a count per name as "name=n,...", by name, or "-".
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, ",")
}
