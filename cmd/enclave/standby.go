package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/internal/config"
)

// openStandby connects to ENCLAVE_QUERY_DATABASE_URL, when it is set: the
// hot standby of primary's cluster that the research queries run on
// (docs/operations.md, "A read replica for queries"). The server does not
// start when it cannot reach it or it is not such a standby.
func openStandby(ctx context.Context, c config.Config, primary *postgres.DB, log *slog.Logger) (*postgres.Standby, error) {
	if c.QueryDatabaseURL == "" {
		return nil, nil
	}
	db, err := postgres.OpenStandby(ctx, c.QueryDatabaseURL.Reveal(), c.DatabaseMaxConns, primary)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_QUERY_DATABASE_URL: %w", err)
	}
	log.Info("research queries run on a hot standby", "query_database", c.QueryDatabaseURL,
		"wait", c.QueryStandbyWait.String(), "fallback", string(c.QueryStandbyFallback))
	return &postgres.Standby{DB: db, Wait: c.QueryStandbyWait, Refuse: c.QueryStandbyFallback == config.FallbackRefuse, Log: log}, nil
}
