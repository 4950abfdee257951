package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
	"github.com/research-enclave/enclave/internal/config"
)

func newDemoCommand(a *app) *cobra.Command {
	var dir string
	var reset bool
	var people int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run a self-contained enclave: its own PostgreSQL, synthetic data, an approved project, tokens for every role, the API",
		Long: `demo starts a PostgreSQL cluster of its own in DIR (as an unprivileged user when run
as root), migrates it, creates one API token per role, writes them with the API
address to DIR/demo.env, and on first start loads a synthetic population (enclave
synth) with its opt-out lists (national data opt-out, Type 1) and creates a research
project two governance officers approve. It prints example queries, then serves the
API until interrupted (Ctrl-C stops the server and its PostgreSQL). Running it again
reuses DIR; --reset starts over.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			if dir == "" {
				if dir, err = defaultDemoDir(a.environ); err != nil {
					return err
				}
			}
			return runDemo(cmd.Context(), a, c, dir, reset, people)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "state directory (default $XDG_DATA_HOME/enclave/demo or ~/.local/share/enclave/demo)")
	cmd.Flags().BoolVar(&reset, "reset", false, "delete DIR's data and start over")
	cmd.Flags().IntVar(&people, "people", 20000, "size of the synthetic population loaded on first start")
	return cmd
}

func defaultDemoDir(environ []string) (string, error) {
	vars := config.Environ(environ)
	if x := vars["XDG_DATA_HOME"]; x != "" {
		return filepath.Join(x, "enclave", "demo"), nil
	}
	home := vars["HOME"]
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("no --dir given and no home directory: %w", err)
		}
	}
	return filepath.Join(home, ".local", "share", "enclave", "demo"), nil
}

func runDemo(ctx context.Context, a *app, c config.Config, dir string, reset bool, people int) error {
	log := a.logger(c)
	if reset {
		if err := isDemoDir(dir); err != nil {
			return err
		}
		if err := localpg.Remove(filepath.Join(dir, "postgres")); err != nil {
			return fmt.Errorf("--reset: %w", err)
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("--reset: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo directory: %w", err)
	}
	if err := useDemoKeys(&c, dir); err != nil {
		return fmt.Errorf("demo keys: %w", err)
	}
	// Bind first, so that a busy port fails before anything is started.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another with --addr)", c.Addr, err)
	}
	defer ln.Close()

	fmt.Fprintf(a.stderr, "Starting PostgreSQL in %s ...\n", dir)
	// The demo's cluster has the machine to itself: memory and parallel
	// workers sized from it (docs/operations.md), or PostgreSQL's defaults
	// where the machine cannot be read.
	var settings map[string]string
	if machine, err := localpg.ThisMachine(); err == nil {
		settings = machine.Settings(1, 100)
	} else {
		log.Warn("PostgreSQL keeps its default memory settings", "err", err)
	}
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: filepath.Join(dir, "postgres"), BinDir: c.PGBinDir, Logger: log, Settings: settings})
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := cluster.Stop(sctx); err != nil {
			log.Error("stop PostgreSQL", "err", err)
		}
	}()

	urls, err := prepareDemoDatabase(ctx, cluster, c.ServiceRole)
	if err != nil {
		return err
	}
	v, err := postgres.Migrate(ctx, urls.owner, c.ServiceRole)
	if err != nil {
		return err
	}
	cat, err := loadCatalogue(c)
	if err != nil {
		return err
	}
	if err := postgres.SyncDatasets(ctx, urls.owner, c.ServiceRole, cat.Datasets()); err != nil {
		return err
	}
	if err := postgres.SetApprovals(ctx, urls.owner, approvals(c)); err != nil {
		return err
	}
	log.Info("migrated", "schema_version", v)
	db, err := postgres.Open(ctx, urls.service, c.DatabaseMaxConns)
	if err != nil {
		return err
	}
	defer db.Close()

	srv, err := newService(ctx, c, db, nil, log) // the demo's cluster has no standby
	if err != nil {
		return err
	}
	env, err := demoTokens(ctx, srv.Tokens, urls.owner, filepath.Join(dir, "demo.env"), ln.Addr().String())
	if err != nil {
		return err
	}
	if err := srv.seedDemo(ctx, a.stdout, dir, people); err != nil {
		return err
	}
	project, err := srv.demoProject(ctx)
	if err != nil {
		return err
	}
	printDemoHelp(a.stdout, dir, env)
	printDemoQueries(a.stdout, project)
	return srv.serve(ctx, ln, c.ShutdownTimeout)
}

// isDemoDir refuses to let --reset delete a directory the demo did not make:
// it must be missing or hold the demo's demo.env or postgres folder.
func isDemoDir(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	for _, marker := range []string{"demo.env", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("--reset: %s does not look like a demo directory (no demo.env or postgres in it): not deleting it", dir)
}
