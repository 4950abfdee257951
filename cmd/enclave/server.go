package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/reload"
	"github.com/research-enclave/enclave/enclave/web"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/internal/services"
)

func newServerCommand(a *app) *cobra.Command {
	var doMigrate bool
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Serve the enclave's HTTP API",
		Long: `server serves the API on ENCLAVE_ADDR using ENCLAVE_DATABASE_URL, and runs the research
queries on the hot standby ENCLAVE_QUERY_DATABASE_URL when it is set. On first start,
when no operator exists, it creates one (ENCLAVE_BOOTSTRAP_PRINCIPAL) with the token in
ENCLAVE_BOOTSTRAP_TOKEN_FILE, or prints a new token once. SIGINT or SIGTERM shuts it
down gracefully within ENCLAVE_SHUTDOWN_TIMEOUT. SIGHUP re-reads the catalogue and
mapping files (as 'enclave reload' does), keeping the old ones if anything is wrong.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			if c.DatabaseURL == "" {
				return errors.New("ENCLAVE_DATABASE_URL is not set: name the PostgreSQL server, or run 'enclave demo' for a self-contained one")
			}
			ctx, log := cmd.Context(), a.logger(c)
			if doMigrate {
				v, err := migrate(ctx, c)
				if err != nil {
					return err
				}
				log.Info("migrated", "schema_version", v)
			}
			db, err := postgres.Open(ctx, c.DatabaseURL.Reveal(), c.DatabaseMaxConns)
			if err != nil {
				return err
			}
			defer db.Close()
			standby, err := openStandby(ctx, c, db, log)
			if err != nil {
				return err
			}
			if standby != nil {
				defer standby.DB.Close()
			}
			ln, err := net.Listen("tcp", c.Addr)
			if err != nil {
				return fmt.Errorf("ENCLAVE_ADDR %s: %w", c.Addr, err)
			}
			srv, err := newService(ctx, c, db, standby, log)
			if err != nil {
				ln.Close()
				return err
			}
			if err := srv.bootstrap(ctx, c, a); err != nil {
				ln.Close()
				return err
			}
			return srv.serve(ctx, ln, c.ShutdownTimeout)
		},
	}
	cmd.Flags().BoolVar(&doMigrate, "migrate", false, "apply pending migrations (as ENCLAVE_MIGRATE_DATABASE_URL) before serving")
	return cmd
}

// service is the wired server: the services over one pool (and a
// standby's for queries), and the API on them.
type service struct {
	*services.Set
	handler  http.Handler
	log      *slog.Logger
	interval time.Duration // between periodic checkpoints
}

func newService(ctx context.Context, c config.Config, db *postgres.DB, standby *postgres.Standby, log *slog.Logger) (*service, error) {
	if err := db.CheckServiceRole(ctx); err != nil {
		return nil, err
	}
	if err := db.CheckApprovals(ctx, approvals(c)); err != nil {
		return nil, fmt.Errorf("ENCLAVE_APPROVALS_REQUIRED, ENCLAVE_APPROVALS_REQUIRED_SENSITIVE, ENCLAVE_REVIEW_APPROVALS_REQUIRED: %w", err)
	}
	aud, checks, err := newAudit(ctx, c, db)
	if err != nil {
		return nil, err
	}
	// Without a key source (ENCLAVE_KEY_SOURCE), ps is nil and ingest and
	// opt-out loads answer 503.
	ps, keyChecks, err := newPseudonymiser(ctx, c, log)
	if err != nil {
		return nil, err
	}
	checks = append(checks, keyChecks...)
	anchor, err := checkpointAnchor(c, log)
	if err != nil {
		return nil, err
	}
	files, err := loadFiles(c)
	if err != nil {
		return nil, err
	}
	logFiles(log, "catalogue and mappings loaded", files)
	set, err := services.New(ctx, services.Config{
		DB: db, Catalogue: files.Catalogue, Mappings: files.Mappings, Reread: func() (*reload.Files, error) { return readFiles(c) },
		Pseudonymiser: ps, Audit: aud,
		Approvals:       enclave.ApprovalSettings{Required: c.ApprovalsRequired, RequiredSensitive: c.ApprovalsRequiredSensitive},
		ReviewApprovals: c.ReviewApprovalsRequired,
		OptOutMaxAge:    c.OptOutMaxAge,
		Queries: services.QuerySettings{
			ServiceRole: c.ServiceRole, Timeout: c.QueryTimeout,
			Limits:            enclave.QueryLimits{MaxCells: c.QueryMaxCells, MaxGroupBy: c.QueryMaxGroupBy},
			MaxProtectedCells: c.QueryMaxProtected, Differencing: c.Differencing, LedgerCells: c.LedgerCells,
			Standby: standby, CacheRows: c.QueryCacheRows, Log: log,
		},
		Anchor: anchor, Now: time.Now,
	})
	if err != nil {
		return nil, err
	}
	if set.Rollbacks != nil {
		if err := checkRollback(ctx, set.Rollbacks, log); err != nil {
			return nil, err
		}
		checks = append(checks, httpapi.ReadyCheck{Name: "rollback", Check: set.Rollbacks.Serving})
	}
	log.Info("policies loaded", "revision", set.Policy.Revision())
	// The web pages are a client of the same services (docs/web.md);
	// signing in with an API token is for dev mode only.
	signIns, err := oidcSignIn(ctx, c, set, log)
	if err != nil {
		return nil, err
	}
	pages, err := web.New(web.Config{
		Services: set, Catalogue: set.Files.Catalogue, TokenSignIn: c.Mode == config.ModeDev, SignIns: signIns,
		SessionIdle: c.WebSessionIdle, SecureCookies: c.WebSecureCookies, Logger: log, Now: time.Now,
	})
	if err != nil {
		return nil, err
	}
	if standby != nil && standby.Refuse {
		// Refusing, queries need the standby as much as the database.
		checks = append(checks, httpapi.ReadyCheck{Name: "query_database", Check: standby.DB.Ready})
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), set.Policy.Collector())
	if cache := set.QueryCache; cache != nil {
		reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "enclave_query_cache_rows", Help: "Rows of the research datasets held in memory."},
				func() float64 { return float64(cache.Rows()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "enclave_query_cache_answers_total", Help: "Queries answered from the datasets held in memory."},
				func() float64 { return float64(cache.Answered()) }))
	}
	h := httpapi.New(httpapi.Config{
		Tokens:    set.Tokens,
		Audit:     set.Audit,
		Access:    set.Access,
		Catalogue: set.Files.Catalogue,
		Reload:    set.Reload,
		Projects:  set.Projects,
		Reviews:   set.Reviews,
		History:   set.History,
		OptOuts:   set.OptOuts,
		Ingest:    set.Loads,
		Answers:   set.Answers,
		Rollbacks: set.Rollbacks,
		Checks: append([]httpapi.ReadyCheck{
			{Name: "database", Check: db.Ready},
			{Name: "policy", Check: set.Policy.Ready},
		}, checks...),
		Logger:         log,
		Registry:       reg,
		MaxBodyBytes:   c.MaxBodyBytes,
		MaxUploadBytes: c.MaxUploadBytes,
		RequestTimeout: c.RequestTimeout,
		Web:            pages,
	})
	return &service{Set: set, handler: h, log: log, interval: c.AuditCheckpointInterval}, nil
}

// bootstrap creates the first operator if there is none, with the token from
// ENCLAVE_BOOTSTRAP_TOKEN_FILE or a new one printed once to stdout (never to
// the log).
func (s *service) bootstrap(ctx context.Context, c config.Config, a *app) error {
	exists, err := s.Tokens.Store.OperatorExists(ctx)
	if err != nil || exists {
		return err // the file is read only when it is needed, and may be gone since
	}
	var secret string
	if c.BootstrapTokenFile != "" {
		b, err := os.ReadFile(c.BootstrapTokenFile)
		if err != nil {
			return fmt.Errorf("ENCLAVE_BOOTSTRAP_TOKEN_FILE: %w", err)
		}
		secret = strings.TrimSpace(string(b))
	}
	issued, created, err := s.Tokens.Bootstrap(ctx, c.BootstrapPrincipal, secret, enclave.DefaultTokenTTL)
	if err != nil {
		return fmt.Errorf("bootstrap the first operator: %w", err)
	}
	if !created {
		return nil
	}
	s.log.Info("bootstrap: created the first operator", "principal", issued.PrincipalID, "token_id", issued.ID, "expires_at", issued.ExpiresAt)
	if secret == "" {
		fmt.Fprintf(a.stdout, "First start: operator %q can use this API token (shown once, expires %s):\n\n  %s\n\n",
			issued.PrincipalID, issued.ExpiresAt.Format(time.RFC3339), issued.Secret)
	}
	return nil
}

// serve runs the HTTP server on ln until ctx ends, then shuts down within
// grace, letting requests in flight finish.
func (s *service) serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	// Requests run under a context that ends when the grace period does, so
	// that shutdown never waits for a long request past its deadline.
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	hs := &http.Server{
		Handler:           s.handler,
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go signCheckpoints(ctx, s.Audit, s.interval, s.log)
	if s.QueryCache != nil {
		// Until a dataset is held, its queries run as SQL.
		go s.QueryCache.Warm(s.Files.Catalogue())
		defer s.QueryCache.Close()
	}
	// SIGHUP is caught before the server says it serves, so that a
	// hangup after that never ends it.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go s.reloadOnHangup(ctx, hup)
	s.log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		// Requests still running past the grace period are cut off.
		cancelBase()
		_ = hs.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off", grace)
	}
	return nil
}
