package httpapi

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TestDominantValueIsNotReleased: one attendance of 4,000,000 minutes among
// ordinary ones. A researcher asks for the sums and means of waits by age
// band, with margins, for the band alone, and as the whole minus the other
// bands; no answer gives the band's sum, or the large value, to within 10%.
func TestDominantValueIsNotReleased(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	super := q.db.Super(t)
	ctx := context.Background()
	if _, err := super.Exec(ctx, `WITH p AS (
			INSERT INTO ds_patients_v1 (load_id, pid, year_of_birth, sex, lsoa_code, deprivation_decile, ethnicity_group)
			VALUES (0, decode(md5('dominant') || md5('person'), 'hex'), 1980, 'M', 'E01011365', '3', 'white') RETURNING pid)
		INSERT INTO ds_ae_attendances_v1 (load_id, pid, arrival_date, age_band, alcohol_related, diagnosis_code, wait_minutes)
		SELECT 0, pid, '2024-03-01', '40-44', false, 'S01', 4000000 FROM p`); err != nil {
		t.Fatal(err)
	}
	var bandSum float64
	var bandPeople int
	if err := super.QueryRow(ctx, `SELECT sum(wait_minutes), count(DISTINCT pid) FROM ds_ae_attendances_v1 WHERE age_band = '40-44'`).Scan(&bandSum, &bandPeople); err != nil {
		t.Fatal(err)
	}
	if bandPeople < 20 {
		t.Fatalf("the band has %d people: too few for the dominance rule to be what hides it", bandPeople)
	}
	near := func(v float64) bool {
		return math.Abs(v-bandSum) < 0.1*bandSum || math.Abs(v-4_000_000) < 400_000
	}
	for _, sql := range []string{
		"SELECT age_band, SUM(wait_minutes) FROM ae_attendances GROUP BY age_band",
		"SELECT age_band, SUM(wait_minutes) FROM ae_attendances GROUP BY CUBE (age_band)",
		"SELECT age_band, AVG(wait_minutes) FROM ae_attendances GROUP BY CUBE (age_band)",
		"SELECT SUM(wait_minutes) FROM ae_attendances WHERE age_band = '40-44'",
		"SELECT AVG(wait_minutes) FROM ae_attendances WHERE age_band = '40-44'",
		"SELECT alcohol_related, SUM(wait_minutes) FROM ae_attendances WHERE age_band = '40-44' GROUP BY CUBE (alcohol_related)",
	} {
		status, a, body := q.ask(t, "researcher-1", q.s251, fmt.Sprintf(`{"sql":%q}`, sql))
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", sql, status, body)
		}
		mean := strings.Contains(sql, "AVG")
		var whole *float64
		others, complete := 0.0, true
		for _, c := range a.Result.Cells {
			if len(c.Measures) == 0 {
				continue
			}
			v := c.Measures[0]
			banded := len(c.Keys) == 0 || c.Keys[0].Total || c.Keys[0].Value == "40-44" || strings.Contains(sql, "WHERE")
			switch {
			case v.Value == nil && banded && len(c.Keys) > 0 && c.Keys[0].Value == "40-44" &&
				v.Suppressed != disclosure.RuleDominance && v.Suppressed != disclosure.RulePPercent:
				t.Errorf("%s: the band's value is hidden by %q, want a magnitude rule", sql, v.Suppressed)
			case v.Value == nil:
				complete = complete && !(len(c.Keys) > 0 && !c.Keys[0].Total && c.Keys[0].Value != "40-44")
			case !mean && banded && strings.Contains(sql, "GROUP BY CUBE (age_band)") && len(c.Keys) > 0 && c.Keys[0].Total:
				whole = v.Value
			case !mean && banded && (near(*v.Value) || *v.Value > 0.5*4_000_000):
				t.Errorf("%s: cell %v releases %v, giving the dominated sum %v away", sql, c.Keys, *v.Value, bandSum)
			case mean && banded && *v.Value*float64(bandPeople) > 0.5*4_000_000:
				t.Errorf("%s: cell %v releases a mean of %v, which gives the large value away", sql, c.Keys, *v.Value)
			case !mean && len(c.Keys) > 0 && !c.Keys[0].Total:
				others += *v.Value
			}
		}
		if whole != nil && complete && near(*whole-others) {
			t.Errorf("%s: the total %v minus the other bands %v gives the band's sum %v away", sql, *whole, others, bandSum)
		}
	}
}

// perturbed is the demo catalogue with the patients dataset released under
// cell-key perturbation.
func perturbed(t *testing.T) fs.FS {
	t.Helper()
	return catalogueWith(t, "patients.yaml", "  rounding: 5\n", "  rounding: 1\n  mode: cell_key\n")
}

// catalogueWith is the demo catalogue with from replaced by to in one file.
func catalogueWith(t *testing.T, file, from, to string) fs.FS {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(democatalogue.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(democatalogue.FS, path)
		if path == file {
			if !strings.Contains(string(b), from) {
				t.Fatalf("the catalogue file %s has changed: no %q in it", file, from)
			}
			b = []byte(strings.Replace(string(b), from, to, 1))
		}
		files[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestPerturbedCountCannotBeAveraged: with cell-key perturbation, a
// researcher who repeats a query on a small group 100 times, and asks for the
// same people in other words, always gets the same released count, so
// averaging cannot remove its noise; that count is the truth plus the
// published table's adjustment for the cell's key, and the manifest says so.
func TestPerturbedCountCannotBeAveraged(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t, perturbed(t))
	q.plant(t, 1901, 13, "F")
	ctx := context.Background()
	var key int
	if err := q.db.Super(t).QueryRow(ctx, `SELECT sum(get_byte(pid, octet_length(pid) - 1)) % 256 FROM ds_patients_v1 WHERE year_of_birth = 1901`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	want := 13 + disclosure.PerturbationTable().Adjustment(13, uint8(key))
	count := func(sql string) (int64, answer.Manifest) {
		t.Helper()
		status, a, body := q.ask(t, "researcher-1", q.s251, fmt.Sprintf(`{"sql":%q}`, sql))
		if status != http.StatusOK || len(a.Result.Cells) != 1 || a.Result.Cells[0].People == nil {
			t.Fatalf("%s: %d %s", sql, status, body)
		}
		return *a.Result.Cells[0].People, a.Manifest
	}
	seen := map[int64]int{}
	for range 100 {
		n, m := count("SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901")
		seen[n]++
		if m.Rules.Mode != disclosure.ModeCellKey || m.Rules.Rounding != 1 {
			t.Fatalf("manifest rules %+v, want cell-key perturbation", m.Rules)
		}
	}
	for _, sql := range []string{
		"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN 1900 AND 1901",
		"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth IN (1901) AND sex = 'F'",
		"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth < 1902",
	} {
		n, _ := count(sql)
		seen[n]++
	}
	if len(seen) != 1 || seen[want] != 103 {
		t.Errorf("released counts %v over 103 askings, want %d every time (13 people, cell key %d)", seen, want, key)
	}
}
