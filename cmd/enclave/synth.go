package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/internal/synth"
)

func newSynthCommand(a *app) *cobra.Command {
	var (
		opts synth.Options
		out  string
	)
	cmd := &cobra.Command{
		Use:   "synth",
		Short: "Write a deterministic, synthetic Leeds-like population as provider CSV files",
		Long: `synth writes a synthetic population with linked GP, A&E, breast screening and social care
records in the raw form data providers send (NHS numbers from the never-issued 999 range,
then, beyond about 900,000 people, from 998, 997 and so on; valid checksums), a national data opt-out list covering about 5% of people and a Type 1
objection list covering about 2%, and beside
each CSV file the mapping (NAME.mapping.yaml) that loads it with 'enclave ingest'. The same
--people and --seed always give byte-identical files.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return fmt.Errorf("--out: name the directory to write to")
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return fmt.Errorf("--out: %w", err)
			}
			sum, err := synth.Generate(cmd.Context(), out, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %d people (%d opted out) to %s:\n", sum.People, sum.OptedOut, out)
			files := make([]string, 0, len(sum.Rows))
			for f := range sum.Rows {
				files = append(files, f)
			}
			slices.Sort(files)
			for _, f := range files {
				fmt.Fprintf(a.stdout, "  %-22s %8d rows\n", f, sum.Rows[f])
			}
			_, err = fmt.Fprintln(a.stdout, "and the mapping of each CSV file (*.mapping.yaml), for 'enclave ingest'")
			return err
		},
	}
	cmd.Flags().IntVar(&opts.People, "people", 10000, "how many people")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed: the same seed gives the same files")
	cmd.Flags().StringVar(&out, "out", "", "directory to write the files to")
	return cmd
}
