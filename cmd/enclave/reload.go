package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/reload"
)

func newReloadCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "reload",
		Short: "Have the server re-read its catalogue and mapping files, without a restart (operators)",
		Long: `reload asks the server to re-read ENCLAVE_CATALOGUE_DIR and ENCLAVE_MAPPING_DIR, as
SIGHUP does. The server checks every catalogue file, every mapping against the new
catalogue, and that 'enclave migrate' has made the table of every dataset version the new
catalogue declares. If anything is wrong it keeps the files it has and lists every problem,
by file and line. Either way the reload is audited (config.reload). Queries and loads in
flight finish under the revision they started with.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var res reload.Result
			if err := c.do(cmd.Context(), "POST", "/v1/catalogue/reload", nil, &res); err != nil {
				return err
			}
			return a.output(format, res, func(w io.Writer) error { return printReload(w, res) })
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// printReload says what a reload put in force.
func printReload(w io.Writer, res reload.Result) error {
	if !res.Changed {
		_, err := fmt.Fprintf(w, "Reloaded: nothing changed (catalogue %s).\n", res.Catalogue.New)
		return err
	}
	fmt.Fprintf(w, "Reloaded.\n  catalogue: %s\n", change(res.Catalogue))
	for _, name := range slices.Sorted(maps.Keys(res.Mappings)) {
		fmt.Fprintf(w, "  mapping %s: %s\n", name, change(res.Mappings[name]))
	}
	return nil
}

func change(c reload.Change) string {
	switch {
	case c.Old == c.New:
		return c.New + " (unchanged)"
	case c.Old == "":
		return c.New + " (added)"
	case c.New == "":
		return "removed (was " + c.Old + ")"
	}
	return c.New + " (was " + c.Old + ")"
}

// reloadOnHangup reloads the files on every signal from hup until ctx
// ends, and logs what came of it: revisions, or the problems in the files
// (which name files, lines and fields, never a value from data).
func (s *service) reloadOnHangup(ctx context.Context, hup <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		if s.Rollbacks != nil {
			// A restore may have happened under the running server.
			if err := checkRollback(ctx, s.Rollbacks, s.log); err != nil {
				s.log.Error("reload: the database could not be compared with the checkpoint kept outside it", "err", err)
			}
		}
		res, err := s.Reload.Reload(ctx, enclave.SystemActor)
		if err != nil {
			s.log.Error("reload refused: the old catalogue and mappings stay in force", "signal", "SIGHUP", "err", err)
			continue
		}
		mappings := map[string]string{}
		for name, c := range res.Mappings {
			mappings[name] = c.New
		}
		s.log.Info("reloaded", "signal", "SIGHUP", "changed", res.Changed,
			"catalogue_revision", res.Catalogue.New, "previous_catalogue_revision", res.Catalogue.Old, "mappings", mappings)
	}
}
