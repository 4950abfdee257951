package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

func newQueryCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "query", Short: "Ask aggregate questions of an approved project's data"}
	cmd.AddCommand(newQueryRunCommand(a), newQueryCheckCommand(a), newQueryHistoryCommand(a))
	return cmd
}

// queryFlags are how a query is given on the command line.
type queryFlags struct{ project, sql, file, format string }

func (f *queryFlags) register(cmd *cobra.Command, formats string) {
	cmd.Flags().StringVar(&f.project, "project", "", "the project's id")
	cmd.Flags().StringVar(&f.sql, "sql", "", "the query as restricted SQL")
	cmd.Flags().StringVar(&f.file, "file", "", "a JSON file holding the query")
	cmd.Flags().StringVar(&f.format, "format", strings.Fields(formats)[0], "output format: "+formats)
	_ = cmd.MarkFlagRequired("project")
}

// body is the request body: {"sql": ...} or the JSON file's query.
func (f *queryFlags) body() (any, error) {
	switch {
	case (f.sql == "") == (f.file == ""):
		return nil, fmt.Errorf("give the query with --sql or --file, one of them")
	case f.sql != "":
		return map[string]string{"sql": f.sql}, nil
	}
	raw, err := os.ReadFile(f.file)
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", f.file, err)
	}
	return v, nil
}

func newQueryCheckCommand(a *app) *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "check --project P (--sql \"SELECT ...\" | --file query.json)",
		Short: "Check a query without running it: would it be allowed, and what could disclosure control hide",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := f.body()
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			var pre answer.Preflight
			if err := c.do(cmd.Context(), "POST", "/v1/projects/"+url.PathEscape(f.project)+"/queries/check", body, &pre); err != nil {
				return err
			}
			return a.output(f.format, pre, func(w io.Writer) error {
				fmt.Fprintf(w, "The query would run (%s) under threshold %d, rounding %d; opt-out lists: %s.\n",
					pre.QueryHash, pre.Rules.Threshold, pre.Rules.Rounding, orNone(strings.Join(pre.OptOutLists, ", ")))
				for _, n := range pre.Notes {
					subject := ""
					if n.Subject != "" {
						subject = n.Subject + ": "
					}
					fmt.Fprintf(w, "  [%s] %s%s\n", n.Rule, subject, n.Message)
				}
				return nil
			})
		},
	}
	f.register(cmd, "text json")
	return cmd
}

func newQueryRunCommand(a *app) *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "run --project P (--sql \"SELECT ...\" | --file query.json)",
		Short: "Run a query on a project you belong to and print the released answer and its manifest",
		Long: `run sends a query, as restricted SQL (--sql) or as a JSON file in the API's form (--file;
see docs/queries.md), to a project you are a member of. The answer has passed disclosure
control: small counts are hidden with the rule that hid them, the rest rounded. Its
manifest says which data, policy, opt-out lists and rules produced it. An answer the
policy holds for output review is not shown: run prints its id, and 'enclave review
show ID' shows its state, and the answer once governance officers release it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := f.body()
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			var ans answer.Answer
			if err := c.do(cmd.Context(), "POST", "/v1/projects/"+url.PathEscape(f.project)+"/queries", body, &ans); err != nil {
				return err
			}
			switch {
			case f.format == "json":
				return writeJSONOut(a.stdout, ans)
			case ans.Held != nil:
				return printHeld(a.stdout, *ans.Held)
			case f.format == "csv":
				return writeAnswerCSV(a.stdout, ans.Result)
			}
			if err := writeAnswerTable(a.stdout, ans.Result); err != nil {
				return err
			}
			return printManifest(a.stdout, ans.Manifest)
		},
	}
	f.register(cmd, "table json csv")
	return cmd
}

// answerRows lays a result out as a header and rows of text (answer.Table):
// a hidden value reads as the rule that hid it, in brackets.
func answerRows(r *disclosure.Result) [][]string {
	head, cells := answer.Table(r)
	rows := [][]string{head}
	for _, cs := range cells {
		row := make([]string, len(cs))
		for i, c := range cs {
			row[i] = c.String()
		}
		rows = append(rows, row)
	}
	return rows
}

func writeAnswerTable(w io.Writer, r *disclosure.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range answerRows(r) {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func writeAnswerCSV(w io.Writer, r *disclosure.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(answerRows(r)); err != nil {
		return err
	}
	return cw.Error()
}

func printManifest(w io.Writer, m answer.Manifest) error {
	var hidden []string
	for _, rule := range slices.Sorted(maps.Keys(m.Suppressed)) {
		if n := m.Suppressed[rule]; n > 0 {
			hidden = append(hidden, fmt.Sprintf("%d by %s", n, rule))
		}
	}
	if len(hidden) == 0 {
		hidden = []string{"none"}
	}
	lists := []string{}
	for _, l := range slices.Sorted(maps.Keys(m.OptOutLists)) {
		lists = append(lists, fmt.Sprintf("%s v%d", l, m.OptOutLists[l]))
	}
	_, err := fmt.Fprintf(w, "\nmanifest: query %s at %s\n  threshold %d, rounding %d, totals %s; cells hidden: %s\n  opt-out lists applied: %s; key version %d; policy %s\n",
		m.QueryHash, m.Time.Format(time.RFC3339), m.Rules.Threshold, m.Rules.Rounding, m.Totals, strings.Join(hidden, ", "),
		orNone(strings.Join(lists, ", ")), m.KeyVersion, m.PolicyRevision)
	return err
}
