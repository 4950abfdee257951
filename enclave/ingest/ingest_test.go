package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
	demomappings "github.com/research-enclave/enclave/mappings"
	"github.com/research-enclave/enclave/pseudonym"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// fixture is an ingest service over a real database, with the synth
// mappings and a dev key.
type fixture struct {
	svc   *ingest.Service
	db    *pgtest.DB
	pool  *postgres.DB
	audit *enclave.Audit
	dir   string // synthetic files
}

var operator = enclave.Actor{Principal: enclave.Principal{ID: "otto", Role: enclave.RoleOperator}}

func newFixture(t testing.TB, people int) *fixture {
	t.Helper()
	ctx := context.Background()
	pdb := pgtest.New(t)
	db := pdb.Open(t)
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	maps, err := ingest.LoadMappings(demomappings.FS, cat)
	if err != nil {
		t.Fatal(err)
	}
	key, err := pseudonym.NewDevKey(bytes.Repeat([]byte("k"), 32), 1)
	if err != nil {
		t.Fatal(err)
	}
	aud := &enclave.Audit{Store: &postgres.AuditStore{DB: db}, Origin: "enclave.test/audit", HMACKey: []byte("test-audit-hmac-key-of-32-bytes!"), Now: time.Now}
	tokens := &enclave.Tokens{Store: &postgres.TokenStore{DB: db}, Audit: aud, Now: time.Now}
	if _, _, err := tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: pdb, pool: db, audit: aud, dir: t.TempDir()}
	f.svc = &ingest.Service{
		Store: &postgres.LoadStore{DB: db}, Mappings: func() *ingest.Mappings { return maps },
		Pseudonymiser: pseudonym.LocalPseudonymiser{Key: key}, Audit: aud, Now: time.Now, BatchSize: 500,
	}
	if people > 0 {
		if _, err := synth.Generate(ctx, f.dir, synth.Options{People: people, Seed: 7}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) load(t testing.TB, dataset, mapping string, body []byte) (ingest.Report, error) {
	t.Helper()
	return f.svc.Load(context.Background(), operator, ingest.Request{Dataset: dataset, Mapping: mapping}, bytes.NewReader(body))
}

func (f *fixture) count(t testing.TB, sql string) int64 {
	t.Helper()
	var n int64
	if err := f.pool.Pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) file(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadSynthData(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 2000)
	body := f.file(t, "patients.csv")
	r, err := f.load(t, "patients", "synth_patients", body)
	if err != nil {
		t.Fatal(err)
	}
	if r.RowsRead != 2000 || r.RowsStored != 2000 || r.RowsRejected != 0 || r.Duplicate {
		t.Fatalf("report %+v", r)
	}
	sum := sha256.Sum256(body)
	if r.ContentSHA256 != hex.EncodeToString(sum[:]) || !r.KeyDev || r.KeyVersion != 1 {
		t.Errorf("report %+v", r)
	}
	if n := f.count(t, `SELECT count(*) FROM ds_patients_v1 WHERE load_id = `+itoa(r.ID)); n != 2000 {
		t.Errorf("%d rows stored", n)
	}
	// The load left its table analysed, so the first query is planned
	// from the rows it stored.
	if n := f.count(t, `SELECT reltuples::bigint FROM pg_class WHERE oid = 'ds_patients_v1'::regclass`); n != 2000 {
		t.Errorf("ds_patients_v1 is estimated at %d rows after a load of 2000: not analysed", n)
	}
	if n := f.count(t, `SELECT count(*) FROM pg_stats WHERE tablename = 'ds_patients_v1'`); n == 0 {
		t.Errorf("ds_patients_v1 has no column statistics after a load")
	}
	evs, err := f.audit.Store.Events(context.Background(), enclave.AuditFilter{Kind: string(audit.KindDatasetLoad), After: -1})
	if err != nil || len(evs) != 1 || evs[0].TargetID != itoa(r.ID) {
		t.Fatalf("audit events %v, %v", evs, err)
	}

	// The same content again is a no-op, reported and audited as such,
	// whether or not the client announces its hash.
	for _, announce := range []string{"", r.ContentSHA256} {
		again, err := f.svc.Load(context.Background(), operator, ingest.Request{Dataset: "patients", Mapping: "synth_patients", SHA256: announce}, bytes.NewReader(body))
		if err != nil || !again.Duplicate || again.ID != r.ID {
			t.Fatalf("second load (announced %q): %+v, %v", announce, again, err)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM ds_patients_v1`); n != 2000 {
		t.Errorf("%d rows after resubmitting", n)
	}
}

// TestSamePersonSamePseudonym: the same person in GP, A&E and social care
// files gets the same pseudonym, so the datasets join.
func TestSamePersonSamePseudonym(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 3000)
	for _, c := range [][3]string{
		{"patients", "synth_patients", "patients.csv"},
		{"ae_attendances", "synth_ae_attendances", "ae_attendances.csv"},
		{"social_care", "synth_social_care", "social_care.csv"},
	} {
		if r, err := f.load(t, c[0], c[1], f.file(t, c[2])); err != nil || r.RowsStored == 0 {
			t.Fatalf("%s: %+v %v", c[0], r, err)
		}
	}
	orphans := f.count(t, `SELECT count(*) FROM (SELECT pid FROM ds_ae_attendances_v1 UNION SELECT pid FROM ds_social_care_v1) x
		WHERE NOT EXISTS (SELECT 1 FROM ds_patients_v1 p WHERE p.pid = x.pid)`)
	joined := f.count(t, `SELECT count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a JOIN ds_social_care_v1 s USING (pid)`)
	if orphans != 0 || joined == 0 {
		t.Errorf("%d A&E or social care people not in patients; %d in both A&E and social care", orphans, joined)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
