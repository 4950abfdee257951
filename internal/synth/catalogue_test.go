package synth

import (
	"testing"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

// rawIdentifiers are the provider's identifiers, not catalogue columns:
// ingest derives pid, year_of_birth and lsoa_code's companions from them.
var rawIdentifiers = map[string]bool{"nhs_number": true, "date_of_birth": true, "postcode": true}

// optional are the gp_events columns left empty when the entry is not that
// kind of observation.
var optional = map[string]bool{"bmi": true, "obese": true, "egfr": true, "ckd_stage": true}

func TestCatalogueConformance(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatalf("Load(demo catalogue): %v", err)
	}
	dir, _ := generate(t, 400, 11)
	for dsName, file := range sourceFiles {
		ds, ok := cat.Dataset(dsName)
		if !ok {
			t.Fatalf("catalogue has no dataset %s", dsName)
		}
		tb := readTable(t, dir, file)
		for _, h := range tb.header {
			if _, ok := ds.Column(h); !ok && !rawIdentifiers[h] {
				t.Errorf("%s: column %s is neither in the catalogue nor a raw identifier", file, h)
			}
		}
		for i, row := range tb.rows {
			for _, h := range tb.header {
				col, ok := ds.Column(h)
				if !ok || rawIdentifiers[h] {
					continue
				}
				v := row[h]
				if v == "" && dsName == "gp_events" && optional[h] {
					continue
				}
				if err := col.Accepts(v); err != nil {
					t.Fatalf("%s row %d: %v", file, i+1, err)
				}
			}
		}
	}
}
