package postgres

import (
	"context"
	"fmt"
	"maps"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// DatasetTables checks, as the service role, that the database holds the
// tables a catalogue declares. Only `enclave migrate`, as the owner role,
// creates them (SyncDatasets); a server reloading its catalogue checks
// first that it can serve every dataset version in it.
type DatasetTables struct {
	DB *DB
}

// Check returns a problem for every dataset version in datasets whose table
// is missing or has other columns than it declares; none when all is well.
func (s *DatasetTables) Check(ctx context.Context, datasets []*catalogue.Dataset) ([]string, error) {
	var probs []string
	for _, d := range datasets {
		table := DatasetTable(d.Name, d.Version)
		have, err := tableColumns(ctx, s.DB.Pool, table)
		if err != nil {
			return nil, storeError("check dataset tables", err)
		}
		switch {
		case len(have) == 0:
			probs = append(probs, fmt.Sprintf("dataset %s version %d: the database has no table %s: run `enclave migrate` with this catalogue first", d.Name, d.Version, table))
		case !maps.Equal(have, declaredColumns(d)):
			probs = append(probs, fmt.Sprintf("dataset %s version %d: table %s has other columns than the catalogue declares: a change of columns needs a new dataset version, and `enclave migrate`", d.Name, d.Version, table))
		}
	}
	return probs, nil
}
