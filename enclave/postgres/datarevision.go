package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// dataRevisions reads, in the query's own snapshot, the data revision of
// each of datasets at its catalogue version: "sha256:" and the lowercase
// hex SHA-256 of the ids of its live (not retracted) loads, in ascending
// order, in decimal, separated by commas (docs/queries.md, "Manifest").
// Every load adds an id and every retraction takes one away, so two
// answers over different rows never share a revision. It reads the load
// records, so it runs before the switch to the research role.
func dataRevisions(ctx context.Context, tx pgx.Tx, cat *catalogue.Catalogue, datasets []string) (map[string]string, error) {
	versions := map[string]int{}
	for _, name := range datasets {
		if d, ok := cat.Dataset(name); ok {
			versions[d.Name] = d.Version
		}
	}
	return liveRevisions(ctx, tx, versions)
}

// liveRevisions reads the data revision now of each dataset in versions
// at the catalogue version given, as dataRevisions describes.
func liveRevisions(ctx context.Context, tx pgx.Tx, versions map[string]int) (map[string]string, error) {
	names := make([]string, 0, len(versions))
	vs := make([]int32, 0, len(versions))
	for name, v := range versions {
		names, vs = append(names, name), append(vs, int32(v))
	}
	ids := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT l.dataset, string_agg(l.id::text, ',' ORDER BY l.id)
		FROM dataset_loads l JOIN unnest($1::text[], $2::int[]) AS d (name, version)
		  ON l.dataset = d.name AND l.dataset_version = d.version
		WHERE l.retracted_at IS NULL GROUP BY l.dataset`, names, vs)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, list string
		if err := rows.Scan(&name, &list); err != nil {
			return nil, err
		}
		ids[name] = list
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		sum := sha256.Sum256([]byte(ids[name]))
		out[name] = "sha256:" + hex.EncodeToString(sum[:])
	}
	return out, nil
}
