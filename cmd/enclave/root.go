package main

import (
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/internal/config"
)

// app carries what every command shares: the environment it reads its
// configuration from and where it writes.
type app struct {
	environ        []string
	stdout, stderr io.Writer
	addr           string // --addr, overriding ENCLAVE_ADDR
}

// config loads the configuration, applying command-line overrides.
func (a *app) config() (config.Config, error) {
	c, err := config.Load(a.environ)
	if err != nil {
		return config.Config{}, err
	}
	if a.addr != "" {
		c.Addr = a.addr
	}
	return c, nil
}

// logger writes structured logs to stderr in the configured format.
func (a *app) logger(c config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.Level(c.LogLevel)}
	if c.LogFmt == "text" {
		return slog.New(slog.NewTextHandler(a.stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(a.stderr, opts))
}

func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "enclave",
		Short: "A privacy-preserving research data enclave for linked health and social care records",
		Long: `enclave serves approved aggregate queries over pseudonymised, opt-out-filtered
health and social care records, under OPA policies, with disclosure control and a
tamper-evident audit log.

Configuration comes from ENCLAVE_* environment variables (see 'enclave config');
secrets may be given as files with ENCLAVE_X_FILE.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.addr, "addr", "", "server address (host:port or URL); overrides ENCLAVE_ADDR")
	root.AddCommand(
		newVersionCommand(),
		newConfigCommand(a),
		newMigrateCommand(a),
		newServerCommand(a),
		newDemoCommand(a),
		newWhoamiCommand(a),
		newTokenCommand(a),
		newPrincipalCommand(a),
		newProjectCommand(a),
		newIngestCommand(a),
		newLoadCommand(a),
		newMappingCommand(a),
		newReloadCommand(a),
		newQueryCommand(a),
		newReviewCommand(a),
		newAuditCommand(a),
		newSynthCommand(a),
		newOptOutCommand(a),
	)
	return root
}
