package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/internal/testkit"
	"github.com/research-enclave/enclave/pseudonym"
)

const patientsHeader = "nhs_number,date_of_birth,sex,postcode,lsoa_code,deprivation_decile,ethnicity_group\n"

// TestBadRowsAreReportedAndGoodOnesLoad: each kind of bad line is rejected
// by line number and reason, never value, and the good lines load.
func TestBadRowsAreReportedAndGoodOnesLoad(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)
	var b strings.Builder
	b.WriteString(patientsHeader)
	good := "9990000018,1980-05-17,F,LS1 4AP,E01011365,3,white\n"
	lines := []string{
		good, // 2
		"9990000017,1980-05-17,F,LS1 4AP,E01011365,3,white\n",      // 3: check digit
		"9990000026,1980-02-30,M,LS1 4AP,E01011365,3,white\n",      // 4: no such date
		"9990000034,1980-05-17,X,LS1 4AP,E01011365,3,white\n",      // 5: unknown sex code
		"9990000042,1980-05-17,F,LS1 4AP,E01011365,3\n",            // 6: a column missing
		"9990000050,1980-05-17,F,LS1 4AP,E01011365,3,wh\xffte\n",   // 7: not UTF-8
		"9990000069," + strings.Repeat("x", 10<<20) + "\n",         // 8: a 10 MB line
		"9990000077,1980-05-17,F,LS1 4AP,E01011365,3,not_stated\n", // 9
	}
	for _, l := range lines {
		b.WriteString(l)
	}
	r, err := f.load(t, "patients", "synth_patients", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := []ingest.Reject{
		{Line: 3, Column: "nhs_number", Reason: "identifier.invalid"},
		{Line: 4, Column: "date_of_birth", Reason: "date.invalid"},
		{Line: 5, Column: "sex", Reason: "code.unknown"},
		{Line: 6, Reason: "columns.count"},
		{Line: 7, Reason: "encoding.invalid"},
		{Line: 8, Reason: "line.too_long"},
	}
	if !slices.Equal(r.Rejects, want) || r.RowsStored != 2 || r.RowsRead != 8 || r.RejectedByReason["line.too_long"] != 1 {
		t.Errorf("report %+v\nrejects %+v\nwant %+v", r, r.Rejects, want)
	}
	if n := f.count(t, `SELECT count(*) FROM dataset_load_rejects WHERE load_id = `+itoa(r.ID)); n != 6 {
		t.Errorf("%d rejected lines recorded", n)
	}
}

// TestFailedLoadsLeaveNothing: a truncated gzip, a connection dropped
// mid-file, a key source failing mid-load and a cancelled load all store
// no row and no record, and leave only the audit event of their refusal.
func TestFailedLoadsLeaveNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 3000)
	body := f.file(t, "gp_events.csv")
	zipped := testkit.Gzip(t, body)
	cases := []struct {
		name    string
		body    io.Reader
		ps      pseudonym.Pseudonymiser
		ctx     func() context.Context
		code    enclave.Code
		refusal string
	}{
		{name: "truncated gzip", body: bytes.NewReader(zipped[:len(zipped)*2/3]), code: enclave.CodeInvalid, refusal: "denied file.damaged"},
		{name: "dropped connection", body: &dropAfter{r: bytes.NewReader(body), n: len(body) / 2}, code: enclave.CodeInvalid, refusal: "denied file.damaged"},
		{name: "key source fails", body: bytes.NewReader(body), ps: &failingKeySource{calls: 2, Pseudonymiser: f.svc.Pseudonymiser}, code: enclave.CodeUnavailable, refusal: "failure key_source.failed"},
		{name: "cancelled", body: bytes.NewReader(body), ctx: cancelled, code: enclave.CodeUnavailable, refusal: "failure load.cancelled"},
	}
	var want []string
	for _, c := range cases {
		svc := *f.svc
		if c.ps != nil {
			svc.Pseudonymiser = c.ps
		}
		ctx := context.Background()
		if c.ctx != nil {
			ctx = c.ctx()
		}
		_, err := svc.Load(ctx, operator, ingest.Request{Dataset: "gp_events", Mapping: "synth_gp_events"}, c.body)
		if enclave.ErrorCode(err) != c.code {
			t.Errorf("%s: error %v, want code %s", c.name, err, c.code)
		}
		want = append(want, c.refusal)
	}
	if got := f.refusals(t); !slices.Equal(got, want) {
		t.Errorf("refusals audited: %q, want %q", got, want)
	}
	for _, table := range []string{"ds_gp_events_v1", "dataset_loads", "dataset_load_rejects", "audit_events WHERE kind = 'dataset.load' AND outcome = 'success'"} {
		if n := f.count(t, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s holds %d rows after failed loads", table, n)
		}
	}
	// And the same file then loads whole.
	if r, err := f.load(t, "gp_events", "synth_gp_events", zipped); err != nil || r.RowsRejected != 0 || r.RowsStored == 0 {
		t.Fatalf("load after failures: %+v %v", r, err)
	}
}

func TestNoKeySourceNoLoad(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)
	svc := *f.svc
	svc.Pseudonymiser = nil
	_, err := svc.Load(context.Background(), operator, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, strings.NewReader(patientsHeader))
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), "ENCLAVE_KEY_SOURCE") {
		t.Errorf("load without a key source: %v", err)
	}
	if got := f.refusals(t); !slices.Equal(got, []string{"failure key_source.none"}) {
		t.Errorf("refusals audited: %q", got)
	}
}

func TestLoadRequestErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)
	// A value from the file, and one pasted as a name, that must never
	// reach the audit log.
	const secret = "9990000018,1980-05-17"
	const pasted = "9434765919"
	var want []string
	for _, c := range []struct {
		req     ingest.Request
		body    string
		want    string
		refusal string
	}{
		{ingest.Request{Dataset: "patients", Mapping: "nope"}, patientsHeader, `no mapping "nope"`, "denied mapping.unknown"},
		{ingest.Request{Dataset: "gp_events", Mapping: "synth_patients"}, patientsHeader, `fills dataset "patients", not "gp_events"`, "denied mapping.dataset"},
		{ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, "nhs_number,sex\n" + secret + "\n", "date_of_birth", "denied file.header"},
		{ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, secret + ",F\n", "date_of_birth", "denied file.header"},
		{ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, "PK\x03\x04zip", "only plain or gzip", "denied file.unreadable"},
		{ingest.Request{Dataset: "patients", Mapping: "synth_patients", SHA256: strings.Repeat("0", 64)}, patientsHeader, "not the 0000", "denied file.sha256"},
		// Names the server does not know, one an NHS number pasted by
		// mistake: recorded only as their HMACs.
		{ingest.Request{Dataset: pasted, Mapping: "synth_patients"}, patientsHeader, `not "` + pasted + `"`, "denied mapping.dataset"},
		{ingest.Request{Dataset: "patients", Mapping: pasted}, patientsHeader, "no mapping", "denied mapping.unknown"},
	} {
		_, err := f.svc.Load(context.Background(), operator, c.req, strings.NewReader(c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want it to mention %q", c.req, err, c.want)
		}
		want = append(want, c.refusal)
	}
	if got := f.refusals(t); !slices.Equal(got, want) {
		t.Errorf("refusals audited: %q, want %q", got, want)
	}
	for _, v := range []string{secret[:10], pasted} {
		if n := f.count(t, `SELECT count(*) FROM audit_events WHERE position('`+v+`' in convert_from(canonical, 'UTF8')) > 0 OR position('`+v+`' in event::text) > 0`); n != 0 {
			t.Errorf("%d audit events hold %s, a value from a refused request", n, v)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM audit_events WHERE event->'body'->>'mapping' = '`+f.audit.FieldHMAC(pasted)+`'`); n != 1 {
		t.Errorf("%d refusals record the unknown mapping's HMAC, want 1", n)
	}
}

// refusals are the outcome and reason code of every dataset.load event
// that records a refusal, in order.
func (f *fixture) refusals(t *testing.T) []string {
	t.Helper()
	evs, err := f.audit.Store.Events(context.Background(), enclave.AuditFilter{Kind: string(audit.KindDatasetLoad), After: -1})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		var b struct {
			Refused string `json:"refused"`
		}
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		if b.Refused != "" {
			out = append(out, string(e.Outcome)+" "+b.Refused)
		}
	}
	return out
}

// dropAfter reads n bytes of r, then fails as a dropped connection does.
type dropAfter struct {
	r io.Reader
	n int
}

func (d *dropAfter) Read(p []byte) (int, error) {
	if d.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	p = p[:min(len(p), d.n)]
	n, err := d.r.Read(p)
	d.n -= n
	return n, err
}

// failingKeySource works for calls-1 calls, then fails as a sealed Vault.
type failingKeySource struct {
	pseudonym.Pseudonymiser
	calls int
}

func (k *failingKeySource) Pseudonymise(ctx context.Context, ids []pseudonym.Identifier) ([]pseudonym.Pseudonym, error) {
	k.calls--
	if k.calls <= 0 {
		return nil, errors.New("vault is sealed")
	}
	return k.Pseudonymiser.Pseudonymise(ctx, ids)
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
