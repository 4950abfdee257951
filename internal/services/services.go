// Package services builds the enclave's service graph, once, from parts
// already made: the database, the catalogue and mappings, the key source,
// the audit log, the settings and the clock. `enclave server`, `enclave
// demo` and the HTTP tests all wire the services here, so that they cannot
// drift apart; each client (the HTTP API, a web interface) is then built on
// the Set.
package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/reload"
	"github.com/research-enclave/enclave/policies"
	"github.com/research-enclave/enclave/pseudonym"
)

// Config is what the services are built from.
type Config struct {
	DB        *postgres.DB
	Catalogue *catalogue.Catalogue
	// Mappings, when nil, leave the enclave without data loads.
	Mappings *ingest.Mappings
	// Reread reads the catalogue and mappings anew, for a reload; nil
	// leaves the enclave without reloads.
	Reread func() (*reload.Files, error)
	// Pseudonymiser is the pseudonym oracle (invariant 2): only ingest and
	// opt-out loads receive it. When nil, both answer unavailable.
	Pseudonymiser pseudonym.Pseudonymiser
	Audit         *enclave.Audit
	Approvals     enclave.ApprovalSettings
	// ReviewApprovals is how many officers approve a held answer.
	ReviewApprovals int
	// OptOutMaxAge is when an opt-out list, from its as-of date, is stale.
	OptOutMaxAge time.Duration
	Queries      QuerySettings
	// Anchor keeps the latest checkpoint outside the database, so that a
	// restore of an older backup is found (Set.Rollbacks); nil leaves
	// rollbacks unnoticed (dev mode only). With an anchor, New sets
	// Audit.Signed, so that every checkpoint the Audit signs moves the
	// anchor on.
	Anchor enclave.CheckpointAnchor
	Now    func() time.Time
}

// QuerySettings bound the queries the enclave answers.
type QuerySettings struct {
	// ServiceRole is the database role queries run as.
	ServiceRole string
	Timeout     time.Duration
	Limits      enclave.QueryLimits
	// MaxProtectedCells bounds an answer with totals (0: the default).
	MaxProtectedCells int
	// Differencing keeps the differencing ledgers, holding LedgerCells
	// cells of them in memory (0: the store's default).
	Differencing bool
	LedgerCells  int
	// Standby, when set, is the hot standby the research statements run
	// on; everything written stays on Config.DB.
	Standby *postgres.Standby
	// CacheRows, when above 0, holds up to that many rows of the research
	// datasets in memory, and answers from them the queries they can
	// (Set.QueryCache); Log is where the cache says what it holds.
	CacheRows int64
	Log       *slog.Logger
}

// Set is the service graph. Every action of every client goes through one
// of its services, which decide by policy and audit.
type Set struct {
	Policy   *policies.Engine
	Audit    *enclave.Audit
	Access   *enclave.Access
	Tokens   *enclave.Tokens
	Projects *enclave.Projects
	Reviews  *enclave.Reviews
	OptOuts  *enclave.OptOuts
	History  *enclave.History
	Loads    *ingest.Service // nil without mappings
	Answers  *answer.Service
	// Files are the catalogue and mappings in force; Reload replaces them
	// (nil without Config.Reread).
	Files  *reload.Current
	Reload *reload.Service
	// Rollbacks compares the database with Config.Anchor: call Check
	// before serving (nil without an anchor).
	Rollbacks *enclave.Rollbacks
	// QueryCache holds the research datasets in memory (nil without
	// QuerySettings.CacheRows): Warm it when serving starts, and Close it
	// when serving ends.
	QueryCache *postgres.QueryCache
}

// New builds the services of c, with the policies in policies/.
func New(ctx context.Context, c Config) (*Set, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	engine, err := policies.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("policy engine: %w", err)
	}
	db, now := c.DB, c.Now
	files := reload.NewCurrent(&reload.Files{Catalogue: c.Catalogue, Mappings: c.Mappings})
	tokenStore := &postgres.TokenStore{DB: db}
	s := &Set{Policy: engine, Audit: c.Audit, Files: files}
	if c.Reread != nil {
		s.Reload = &reload.Service{Current: files, Read: c.Reread, Tables: &postgres.DatasetTables{DB: db}, Audit: c.Audit}
	}
	s.Access = &enclave.Access{Authorizer: engine, Audit: c.Audit}
	s.History = &enclave.History{Authorizer: engine, Audit: c.Audit}
	s.Tokens = &enclave.Tokens{Store: tokenStore, Audit: c.Audit, Authorizer: engine, Now: now}
	s.OptOuts = &enclave.OptOuts{Store: &postgres.OptOutStore{DB: db}, Audit: c.Audit, Pseudonymiser: c.Pseudonymiser, MaxAge: c.OptOutMaxAge, Now: now}
	s.Projects = &enclave.Projects{
		Store: &postgres.ProjectStore{DB: db}, Principals: tokenStore, Datasets: files.Datasets, Authorizer: engine, Audit: c.Audit,
		Settings: c.Approvals, OptOutLists: s.OptOuts, Now: now,
	}
	if c.Mappings != nil {
		s.Loads = &ingest.Service{
			Store: &postgres.LoadStore{DB: db}, Mappings: files.Mappings,
			Pseudonymiser: c.Pseudonymiser, Audit: c.Audit, Now: now,
			Retractions: &postgres.RetractionStore{DB: db}, Authorizer: engine, Principals: tokenStore,
		}
	}
	s.Reviews = &enclave.Reviews{
		Store: &postgres.HeldStore{DB: db}, Projects: s.Projects.Store, Principals: tokenStore, Authorizer: engine, Audit: c.Audit,
		OptOuts: s.OptOuts, CatalogueRevision: files.CatalogueRevision, Required: c.ReviewApprovals, Now: now,
	}
	q := c.Queries
	runner := &postgres.QueryStore{DB: db, ServiceRole: q.ServiceRole, Timeout: q.Timeout,
		MaxCells: q.Limits.MaxCells, Members: q.Differencing, Standby: q.Standby}
	if q.CacheRows > 0 {
		// The cache reads where the queries do: the standby's snapshots
		// are the ones its revisions must match.
		from := db
		if q.Standby != nil {
			from = q.Standby.DB
		}
		s.QueryCache = &postgres.QueryCache{DB: from, ServiceRole: q.ServiceRole, MaxRows: q.CacheRows, Log: q.Log}
		runner.Cache = s.QueryCache
	}
	s.Answers = &answer.Service{
		Projects: s.Projects, Reviews: s.Reviews, Catalogue: files.Catalogue, Audit: c.Audit, Now: now,
		Runner: runner, Limits: q.Limits, MaxProtectedCells: q.MaxProtectedCells,
	}
	if q.Differencing {
		s.Answers.Ledger = &postgres.LedgerStore{DB: db, CacheCells: q.LedgerCells}
	}
	if c.Anchor != nil {
		s.Rollbacks = &enclave.Rollbacks{Anchor: c.Anchor, Log: &postgres.AuditStore{DB: db}, Audit: c.Audit, Now: now}
		// Every checkpoint signed moves the anchor on, or finds a rollback.
		c.Audit.Signed = s.Rollbacks.Advance
		s.Answers.Rollbacks, s.Reviews.Rollbacks = s.Rollbacks, s.Rollbacks
	}
	return s, nil
}

// check refuses a Config missing a part every service needs.
func (c Config) check() error {
	switch {
	case c.DB == nil:
		return errors.New("services: no database")
	case c.Catalogue == nil:
		return errors.New("services: no catalogue")
	case c.Mappings != nil && c.Mappings.Catalogue() != c.Catalogue:
		return errors.New("services: the mappings were validated against another catalogue")
	case c.Audit == nil:
		return errors.New("services: no audit log")
	case c.Now == nil:
		return errors.New("services: no clock")
	}
	return nil
}
