package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/mapping"
)

func newIngestCommand(a *app) *cobra.Command {
	var dataset, mapping, format string
	var quiet, dryRun bool
	cmd := &cobra.Command{
		Use:   "ingest --dataset D --mapping M FILE",
		Short: "Load a CSV file (plain or gzip) into a dataset (operator only)",
		Long: `ingest streams FILE to the server, which checks every row with the mapping M (one of the
mapping files the server was started with), pseudonymises the identifiers with its key source,
coarsens what the mapping says, and stores the rows in dataset D. The load is all or nothing:
rejected rows are listed by line number and reason code (never their content), the good rows
and the load's record commit together, and a load that fails or is interrupted stores nothing.
Loading the same file into the same dataset again changes nothing and says so.

Before sending anything, ingest compares FILE's header with the mapping's columns, which it
asks the server for, and names any column the mapping does not cover: the names stay on this
machine. With --dry-run the server reads, checks and maps the whole file and reports what a
load would store and reject, storing nothing but the audit event of the check.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			if err := checkHeader(cmd.Context(), c, args[0], dataset, mapping); err != nil {
				return err
			}
			sum, size, gzipped, err := fileFacts(args[0])
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			var body io.Reader = f
			if !quiet {
				p := newProgress(a.stderr, size, gzipped)
				defer p.finish()
				body = p.reader(f)
			}
			path := "/v1/datasets/" + url.PathEscape(dataset) + "/loads?mapping=" + url.QueryEscape(mapping)
			if dryRun {
				path += "&dry_run=true"
			}
			req, err := http.NewRequestWithContext(cmd.Context(), "POST", c.base+path, body)
			if err != nil {
				return err
			}
			req.ContentLength = size
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("X-Content-SHA256", sum)
			resp, err := c.sendRequest(req)
			if err != nil {
				return err
			}
			rep, err := decodeAnswer[ingest.Report](resp)
			if err != nil {
				return err
			}
			return a.output(format, rep, func(w io.Writer) error { return printLoadReport(w, rep) })
		},
	}
	cmd.Flags().StringVar(&dataset, "dataset", "", "the catalogue dataset to load into")
	cmd.Flags().StringVar(&mapping, "mapping", "", "the name of the mapping the file follows")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "read, check and map the whole file on the server, and store nothing")
	_ = cmd.MarkFlagRequired("dataset")
	_ = cmd.MarkFlagRequired("mapping")
	return cmd
}

// fileFacts reads the file once for its SHA-256, which lets the server
// recognise a file it has loaded before without reading it again.
func fileFacts(name string) (sum string, size int64, gzipped bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, false, err
	}
	defer f.Close()
	h := sha256.New()
	var magic [2]byte
	n, _ := io.ReadFull(f, magic[:])
	h.Write(magic[:n])
	rest, err := io.Copy(h, f)
	if err != nil {
		return "", 0, false, err
	}
	return hex.EncodeToString(h.Sum(nil)), int64(n) + rest, n == 2 && magic == [2]byte{0x1f, 0x8b}, nil
}

// checkHeader compares the header of the file at path with the columns of
// the server's mapping, before anything is sent, naming on this machine the
// columns the mapping does not cover.
func checkHeader(ctx context.Context, c *client, path, dataset, name string) error {
	var info ingest.MappingInfo
	if err := c.do(ctx, "GET", "/v1/mappings/"+url.PathEscape(name), nil, &info); err != nil {
		return err
	}
	if info.Dataset != dataset {
		return fmt.Errorf("mapping %s fills dataset %s, not %s; nothing was sent", name, info.Dataset, dataset)
	}
	if len(info.Delimiter) != 1 {
		return fmt.Errorf("mapping %s: the server gave no one-byte delimiter", name)
	}
	header, err := fileHeader(path, info.Delimiter[0])
	if err != nil {
		return err
	}
	var he *mapping.HeaderError
	if err := mapping.CompareHeader(info.Name, info.Sources, header); errors.As(err, &he) {
		return fmt.Errorf("%s: %s\n(nothing was sent)", path, he.Named(header))
	}
	return nil
}

func printLoadReport(w io.Writer, r ingest.Report) error {
	if r.Duplicate && r.DryRun {
		_, err := fmt.Fprintf(w, "Dry run: nothing stored. This file was loaded into %s before, as load %d on %s (%d rows stored).\n",
			r.Dataset, r.ID, r.LoadedAt.Format("2006-01-02 15:04"), r.RowsStored)
		return err
	}
	if r.DryRun {
		fmt.Fprintf(w, "Dry run of %s (version %d) with mapping %s v%d: nothing stored.\n", r.Dataset, r.DatasetVersion, r.Mapping, r.MappingVersion)
		fmt.Fprintf(w, "  %d rows read; a load would store %d and reject %d", r.RowsRead, r.RowsStored, r.RowsRejected)
		if r.RowsSkipped > 0 {
			fmt.Fprintf(w, ", and skip %d (not for this dataset)", r.RowsSkipped)
		}
		fmt.Fprintln(w)
		return printRowCounts(w, r.SkippedByReason, r.RejectedByReason, r.Rejects, r.RowsRejected)
	}
	if r.Duplicate {
		_, err := fmt.Fprintf(w, "Nothing to do: this file was loaded into %s before, as load %d on %s (%d rows stored).\n",
			r.Dataset, r.ID, r.LoadedAt.Format("2006-01-02 15:04"), r.RowsStored)
		return err
	}
	fmt.Fprintf(w, "Load %d into %s (version %d) with mapping %s v%d, key version %d%s:\n",
		r.ID, r.Dataset, r.DatasetVersion, r.Mapping, r.MappingVersion, r.KeyVersion, map[bool]string{true: " (dev key)"}[r.KeyDev])
	fmt.Fprintf(w, "  %d rows read, %d stored, %d rejected", r.RowsRead, r.RowsStored, r.RowsRejected)
	if r.RowsSkipped > 0 {
		fmt.Fprintf(w, ", %d skipped (not for this dataset)", r.RowsSkipped)
	}
	fmt.Fprintln(w)
	return printRowCounts(w, r.SkippedByReason, r.RejectedByReason, r.Rejects, r.RowsRejected)
}

// printRowCounts lists skipped rows by reason, rejected rows by reason, and
// then the first rejected ones by line.
func printRowCounts(w io.Writer, skippedBy, rejectedBy map[string]int64, rejects []ingest.Reject, rejected int64) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(skippedBy) > 0 {
		fmt.Fprintln(tw, "  SKIPPED\tROWS")
		printCounts(tw, skippedBy)
	}
	if rejected == 0 {
		return tw.Flush()
	}
	fmt.Fprintln(tw, "  REASON\tROWS")
	printCounts(tw, rejectedBy)
	fmt.Fprintln(tw, "\n  LINE\tCOLUMN\tREASON")
	for _, rj := range rejects {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", rj.Line, rj.Column, rj.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if listed := int64(len(rejects)); listed < rejected {
		_, err := fmt.Fprintf(w, "  (%d more rejected lines not listed)\n", rejected-listed)
		return err
	}
	return nil
}

// printCounts writes one line per reason, in reason order.
func printCounts(w io.Writer, byReason map[string]int64) {
	for _, reason := range slices.Sorted(maps.Keys(byReason)) {
		fmt.Fprintf(w, "  %s\t%d\n", reason, byReason[reason])
	}
}
