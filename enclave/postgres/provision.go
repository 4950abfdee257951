package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Roles names the two login roles of an enclave database and their passwords.
type Roles struct {
	Owner, OwnerPassword     string
	Service, ServicePassword string
}

// Provision creates the owner and service login roles (or resets their
// passwords) and, unless it exists, database owned by the owner. It connects
// with a superuser URL, so it is for clusters the enclave manages itself (the
// demo and the tests); on a shared server a DBA does this (docs/operations.md).
func Provision(ctx context.Context, superURL string, r Roles, database string) error {
	conn, err := pgx.Connect(ctx, superURL)
	if err != nil {
		return fmt.Errorf("provision: connect as superuser: %w", redactURLError(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, role := range [][2]string{{r.Owner, r.OwnerPassword}, {r.Service, r.ServicePassword}} {
		if err := ensureRole(ctx, conn, role[0], role[1]); err != nil {
			return fmt.Errorf("provision role %s: %w", role[0], err)
		}
	}
	if err := ensureResearchRole(ctx, conn, r.Service); err != nil {
		return fmt.Errorf("provision role %s: %w", ResearchRole(r.Service), err)
	}
	if database == "" {
		return nil
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, database).Scan(&exists); err != nil {
		return fmt.Errorf("provision database %s: %w", database, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{database}.Sanitize()+" OWNER "+pgx.Identifier{r.Owner}.Sanitize()); err != nil {
			return fmt.Errorf("provision database %s: %w", database, err)
		}
	}
	return nil
}

// ensureRole creates a login role or, if it exists, sets its password. Role
// statements take no bind parameters, so the password is quoted as a literal.
func ensureRole(ctx context.Context, conn *pgx.Conn, name, password string) error {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	verb := "CREATE"
	if exists {
		verb = "ALTER"
	}
	literal := "'" + strings.ReplaceAll(password, "'", "''") + "'"
	_, err := conn.Exec(ctx, verb+" ROLE "+pgx.Identifier{name}.Sanitize()+" LOGIN PASSWORD "+literal)
	return err
}

// ResearchRole names the role queries run as: the service role's name with
// "_research". It cannot log in and may only read the research data (the
// dataset tables and the opt-out lists); the service role is a member and
// switches to it, read only, for each query.
func ResearchRole(serviceRole string) string { return serviceRole + "_research" }

// ensureResearchRole creates the service role's research role if missing
// and makes the service role a member of it.
func ensureResearchRole(ctx context.Context, conn *pgx.Conn, service string) error {
	research := ResearchRole(service)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)`, research).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{research}.Sanitize()+" NOLOGIN"); err != nil {
			return err
		}
	}
	_, err := conn.Exec(ctx, "GRANT "+pgx.Identifier{research}.Sanitize()+" TO "+pgx.Identifier{service}.Sanitize())
	return err
}
