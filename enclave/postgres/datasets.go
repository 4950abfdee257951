package postgres

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// DatasetTable names the table that holds a catalogue dataset version's
// rows. A new version of a dataset (new or changed columns) gets a new
// table; the old one stays for the results that used it.
func DatasetTable(name string, version int) string {
	return fmt.Sprintf("ds_%s_v%d", name, version)
}

// LoadColumn is the column of every dataset table that names the load
// that stored the row.
const LoadColumn = "load_id"

// sqlTypes maps catalogue column types to PostgreSQL types.
var sqlTypes = map[catalogue.Type]string{
	catalogue.TypePseudonym: "bytea",
	catalogue.TypeText:      "text",
	catalogue.TypeCode:      "text",
	catalogue.TypeInteger:   "bigint",
	catalogue.TypeNumber:    "double precision",
	catalogue.TypeDate:      "date",
	catalogue.TypeBoolean:   "boolean",
}

// SyncDatasets creates, connecting to ownerURL as the owner role, the table
// of every dataset version in datasets that has none, and checks that the
// tables that exist have exactly the declared columns. The service role may
// insert rows and read them; nothing else. It is part of `enclave migrate`:
// the columns come from catalogue files, not from a migration.
func SyncDatasets(ctx context.Context, ownerURL, serviceRole string, datasets []*catalogue.Dataset) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("dataset tables: connect as owner: %w", redactURLError(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// Replicas migrating at once: one creates, the others then check.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, datasetsLock); err != nil {
			return err
		}
		for _, d := range datasets {
			if err := syncDataset(ctx, tx, d, serviceRole); err != nil {
				return fmt.Errorf("dataset %s version %d: %w", d.Name, d.Version, err)
			}
		}
		return nil
	})
}

// datasetsLock serialises SyncDatasets across processes.
const datasetsLock = int64(0x656e636c61766502)

func syncDataset(ctx context.Context, tx pgx.Tx, d *catalogue.Dataset, serviceRole string) error {
	table := DatasetTable(d.Name, d.Version)
	have, err := tableColumns(ctx, tx, table)
	if err != nil {
		return err
	}
	if len(have) == 0 {
		if err := createDataset(ctx, tx, d, table, serviceRole); err != nil {
			return err
		}
	} else if want := declaredColumns(d); !maps.Equal(have, want) {
		return fmt.Errorf("table %s has columns %v but the catalogue declares %v: a change of columns needs a new dataset version", table, have, want)
	}
	// Queries read the table as the research role; granted on every run, so
	// that tables made before it existed get it too.
	_, err = tx.Exec(ctx, "GRANT SELECT ON "+pgx.Identifier{table}.Sanitize()+" TO "+pgx.Identifier{ResearchRole(serviceRole)}.Sanitize())
	return err
}

// declaredColumns are the columns, with their PostgreSQL types, of d's
// table.
func declaredColumns(d *catalogue.Dataset) map[string]string {
	want := map[string]string{LoadColumn: "bigint"}
	for _, c := range d.Columns {
		want[c.Name] = sqlTypes[c.Type]
	}
	return want
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// tableColumns reads the columns of table, with their types; none when
// there is no such table.
func tableColumns(ctx context.Context, q querier, table string) (map[string]string, error) {
	rows, err := q.Query(ctx, `SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
		WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`, pgx.Identifier{table}.Sanitize())
	if err != nil {
		return nil, err
	}
	have := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		have[name] = typ
	}
	return have, rows.Err()
}

func createDataset(ctx context.Context, tx pgx.Tx, d *catalogue.Dataset, table, serviceRole string) error {
	id := pgx.Identifier{table}.Sanitize()
	cols := []string{pgx.Identifier{LoadColumn}.Sanitize() + " bigint NOT NULL"}
	for _, c := range d.Columns {
		col := pgx.Identifier{c.Name}.Sanitize() + " " + sqlTypes[c.Type]
		if c.Name == d.Person {
			col += " NOT NULL CHECK (length(" + pgx.Identifier{c.Name}.Sanitize() + ") = 32)"
		}
		cols = append(cols, col)
	}
	stmts := []string{
		"CREATE TABLE " + id + " (" + strings.Join(cols, ", ") + ")",
		"CREATE INDEX ON " + id + " (" + pgx.Identifier{d.Person}.Sanitize() + ")",
		"CREATE INDEX ON " + id + " (" + pgx.Identifier{LoadColumn}.Sanitize() + ")",
		"COMMENT ON TABLE " + id + " IS " + quoteLiteral(d.Title+" (catalogue dataset "+d.Name+", version "+fmt.Sprint(d.Version)+")"),
		"GRANT SELECT, INSERT ON " + id + " TO " + pgx.Identifier{serviceRole}.Sanitize(),
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
