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
