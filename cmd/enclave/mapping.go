package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/mapping"
	"github.com/research-enclave/enclave/internal/config"
)

func newMappingCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "mapping", Short: "Work with dataset mapping files, offline"}
	cmd.AddCommand(newMappingCheckCommand(a))
	return cmd
}

func newMappingCheckCommand(a *app) *cobra.Command {
	var catDir, sample string
	cmd := &cobra.Command{
		Use:   "check FILE [--catalogue DIR] [--sample CSV]",
		Short: "Check a mapping file, and a sample of the source, on this machine",
		Long: `check reads the mapping FILE (and the lookup files it names) against the dataset catalogue
and reports every problem as the server would, by file, line and field. It needs no server,
no key and no database, so a data provider can run it before sending anything.

The catalogue is the directory --catalogue, else ENCLAVE_CATALOGUE_DIR, else the built-in
demo catalogue.

With --sample, it also reads that CSV file (plain or gzip) as a load would: a header the
mapping does not cover is described with the columns' names, which never leave this
machine, and every row is checked and converted, with rejected rows counted by reason and
listed by line number. Nothing is pseudonymised or stored.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, from, err := a.checkCatalogue(catDir)
			if err != nil {
				return err
			}
			m, err := mapping.LoadFile(args[0], cat)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Mapping %s version %d fills dataset %s: no problems found (catalogue: %s).\n",
				m.Name(), m.Version(), m.Dataset(), from)
			if sample == "" {
				return nil
			}
			return checkSample(cmd, a.stdout, m, sample)
		},
	}
	cmd.Flags().StringVar(&catDir, "catalogue", "", "the directory of the catalogue files (default: ENCLAVE_CATALOGUE_DIR, else the demo catalogue)")
	cmd.Flags().StringVar(&sample, "sample", "", "a CSV file (plain or gzip) of the source, read as a load would read it")
	return cmd
}

// checkCatalogue loads the catalogue a mapping check uses, and says which.
func (a *app) checkCatalogue(dir string) (*catalogue.Catalogue, string, error) {
	if dir == "" {
		dir = config.Environ(a.environ)["ENCLAVE_CATALOGUE_DIR"]
	}
	if dir == "" {
		cat, err := catalogue.Load(democatalogue.FS)
		return cat, "the built-in demo catalogue; pass --catalogue to check against yours", err
	}
	cat, err := catalogue.LoadDir(dir)
	if err != nil {
		return nil, "", fmt.Errorf("catalogue %s: %w", dir, err)
	}
	return cat, dir, nil
}

// checkSample reads the sample file with m as a load today would, and
// reports what it finds.
func checkSample(cmd *cobra.Command, w io.Writer, m *mapping.Mapping, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	header, err := fileHeader(path, m.Delimiter())
	if err != nil {
		return err
	}
	c, err := ingest.Check(cmd.Context(), m, f, time.Now().UTC())
	var he *mapping.HeaderError
	if errors.As(err, &he) {
		return fmt.Errorf("%s: %s", path, he.Named(header))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(w, "Sample %s: %d rows read; a load would store %d and reject %d", path, c.RowsRead, c.RowsValid, c.RowsRejected)
	if c.RowsSkipped > 0 {
		fmt.Fprintf(w, ", and skip %d (not for this dataset)", c.RowsSkipped)
	}
	fmt.Fprintln(w, ".")
	return printRowCounts(w, c.SkippedByReason, c.RejectedByReason, c.Rejects, c.RowsRejected)
}

// fileHeader reads the header line of a CSV file (plain or gzip), to
// compare it with a mapping, or name its columns in a header error.
func fileHeader(path string, delimiter byte) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd, err := csvsource.Open(f, csvsource.Options{Delimiter: delimiter})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rd.Header(), nil
}
