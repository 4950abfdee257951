package answer_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

const bySex = "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"

// newAnswers is an enclave with data and an approved project (st.Draft)
// whose member is st.Researcher.
func newAnswers(t *testing.T) (*st.Env, string) {
	t.Helper()
	e := st.New(t)
	e.LoadSynthetic(t, 2000)
	return e, e.Approved(t, st.Draft()).ID
}

// queryEvents returns the query.run events of project with outcome.
func queryEvents(t *testing.T, e *st.Env, project string, outcome audit.Outcome) []audit.Event {
	t.Helper()
	return e.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryRun), TargetType: "project", TargetID: project, Outcome: string(outcome)})
}

// body decodes an event's body.
func body(t *testing.T, ev audit.Event) map[string]any {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(ev.Body, &b); err != nil {
		t.Fatalf("event %d body %s: %v", ev.Seq, ev.Body, err)
	}
	return b
}

// TestAnswerIsReleasedOnlyAfterItsAuditRecord: an answer the log cannot
// record is not released; one it records carries the manifest the event
// keeps.
func TestAnswerIsReleasedOnlyAfterItsAuditRecord(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	ctx := context.Background()
	e.FailRecord(true)
	a, err := e.Answers.RunSQL(ctx, st.Researcher, project, bySex)
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || a.Result != nil {
		t.Fatalf("with the log refusing writes: answer %+v, err %v; want no result, unavailable", a, err)
	}
	if evs := queryEvents(t, e, project, audit.OutcomeSuccess); len(evs) != 0 {
		t.Fatalf("%d answers audited as released, want none", len(evs))
	}
	a, err = e.Answers.RunSQL(ctx, st.Researcher, project, bySex)
	if err != nil || a.Result == nil || len(a.Result.Cells) == 0 {
		t.Fatalf("answer %+v, err %v", a, err)
	}
	m := a.Manifest
	if m.Project != project || m.PolicyRevision != e.Policy.Revision() || m.Rules.Threshold != 10 || m.OptOutLists["ndoo"] == 0 {
		t.Errorf("manifest %+v: want the project, the policy's revision, its threshold and the opt-out list applied", m)
	}
	evs := queryEvents(t, e, project, audit.OutcomeSuccess)
	if len(evs) != 1 {
		t.Fatalf("%d answers audited as released, want 1", len(evs))
	}
	if b := body(t, evs[0]); b["query_hash"] != m.QueryHash || evs[0].Decision == nil || !evs[0].Decision.Allow {
		t.Errorf("query.run event %s, decision %+v: want the manifest's query hash and the allowing decision", evs[0].Body, evs[0].Decision)
	}
}

// TestAnswerRefusalsAreAudited: each kind of refusal is answered with its
// code and audited with its reason, and nothing runs.
func TestAnswerRefusalsAreAudited(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	e.Answers.Runner = mustNotRun{t}
	for _, tt := range []struct {
		name    string
		actor   enclave.Actor
		sql     string
		want    enclave.Code
		kind    audit.Kind
		reason  string
		outcome audit.Outcome
	}{
		{"syntax", st.Researcher, "SELECT sex FROM", enclave.CodeInvalid, audit.KindQueryRun, "query.syntax", audit.OutcomeDenied},
		{"unknown column", st.Researcher, "SELECT shoe_size, COUNT(DISTINCT person) FROM patients GROUP BY shoe_size", enclave.CodeInvalid, audit.KindQueryRun, "query.invalid", audit.OutcomeDenied},
		{"outside the scope", st.Researcher, "SELECT deprivation_decile, COUNT(DISTINCT person) FROM patients GROUP BY deprivation_decile", enclave.CodeForbidden, audit.KindProjectUse, "scope.column_not_approved", audit.OutcomeDenied},
		// The policy lets an outsider learn nothing about the project.
		{"not a member", st.Outsider, bySex, enclave.CodeNotFound, audit.KindProjectUse, "member.not_in_project", audit.OutcomeDenied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := enclave.AuditFilter{Kind: string(tt.kind), TargetID: project, Outcome: string(tt.outcome), Principal: tt.actor.Principal.ID}
			before := len(e.Events(t, f))
			_, err := e.Answers.RunSQL(context.Background(), tt.actor, project, tt.sql)
			if enclave.ErrorCode(err) != tt.want {
				t.Fatalf("RunSQL = %v, want %s", err, tt.want)
			}
			evs := e.Events(t, f)
			if len(evs) != before+1 {
				t.Fatalf("%d refusals audited as %s %s, want 1", len(evs)-before, tt.kind, tt.outcome)
			}
			d := evs[len(evs)-1].Decision
			if d == nil || d.Allow || !slices.Contains(d.Reasons, tt.reason) {
				t.Errorf("audited decision %+v, want a denial for %q", d, tt.reason)
			}
		})
	}
}

// TestExpiredProjectIsRefused: the policy decides on the injected clock.
func TestExpiredProjectIsRefused(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	e.Answers.Runner = mustNotRun{t}
	e.Advance(365 * 24 * time.Hour)
	_, err := e.Answers.RunSQL(context.Background(), st.Researcher, project, bySex)
	if enclave.ErrorCode(err) != enclave.CodeForbidden {
		t.Fatalf("query on an expired project = %v, want forbidden", err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectUse), TargetID: project, Outcome: string(audit.OutcomeDenied)})
	if len(evs) != 1 || evs[0].Decision == nil || !slices.Contains(evs[0].Decision.Reasons, "project.expired") {
		t.Errorf("project.use denials = %+v, want one for project.expired", evs)
	}
}

// TestAnswerFailuresAreAudited: a query the database could not answer is
// audited as a failure, with the error's code, and its error returned.
func TestAnswerFailuresAreAudited(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	down := enclave.E(enclave.CodeUnavailable, "the research database is unavailable")
	e.Answers.Runner = failing{down}
	_, err := e.Answers.RunSQL(context.Background(), st.Researcher, project, bySex)
	if err != down {
		t.Fatalf("RunSQL = %v, want the runner's error", err)
	}
	evs := queryEvents(t, e, project, audit.OutcomeFailure)
	if len(evs) != 1 || body(t, evs[0])["failed"] != "unavailable" {
		t.Fatalf("query.run failure events = %+v, want one saying unavailable", evs)
	}
	// A failure the log cannot record is answered unavailable all the same,
	// as the audit's failure rather than the runner's.
	e.FailRecord(true)
	_, err = e.Answers.RunSQL(context.Background(), st.Researcher, project, bySex)
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || err == down {
		t.Errorf("with the log refusing writes: %v, want the audit's unavailable error", err)
	}
}

// TestDataUnderTwoKeysIsRefused: the runner hands Run's admission check
// the keys it finds before it reads research data; two keys (data or
// opt-out lists pseudonymised differently, which would match no one) end
// the query as forbidden, data.key_mismatch, audited as a failure, and the
// runner reads nothing further.
func TestDataUnderTwoKeysIsRefused(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	r := &keyed{keys: []answer.KeyID{{Version: 1, Dev: true}, {Version: 2, Dev: true}}}
	e.Answers.Runner = r
	_, err := e.Answers.RunSQL(context.Background(), st.Researcher, project, bySex)
	var ee *enclave.Error
	if enclave.ErrorCode(err) != enclave.CodeForbidden || !errors.As(err, &ee) || len(ee.Reasons) != 1 || ee.Reasons[0].Code != "data.key_mismatch" {
		t.Fatalf("RunSQL over two keys = %v, want forbidden data.key_mismatch", err)
	}
	if r.readData {
		t.Error("the runner read research data after admission was refused")
	}
	evs := queryEvents(t, e, project, audit.OutcomeFailure)
	if len(evs) != 1 || body(t, evs[0])["failed"] != "forbidden" {
		t.Fatalf("query.run failure events = %+v, want one saying forbidden", evs)
	}
}

// keyed is a research database whose data and lists carry keys: it asks
// admit about them before reading anything, as the real one does.
type keyed struct {
	keys     []answer.KeyID
	readData bool
}

func (k *keyed) Run(_ context.Context, _ *catalogue.Catalogue, _ query.Query, _ []string, _ disclosure.Rules, admit func([]answer.KeyID) error) (answer.Raw, error) {
	if err := admit(k.keys); err != nil {
		return answer.Raw{}, err
	}
	k.readData = true
	return answer.Raw{}, enclave.E(enclave.CodeInternal, "no data in this fake")
}

// TestCheckReadsNoDataAndIsAudited: a pre-flight check answers without
// running the query, and only once its event is recorded.
func TestCheckReadsNoDataAndIsAudited(t *testing.T) {
	t.Parallel()
	e, project := newAnswers(t)
	e.Answers.Runner = mustNotRun{t}
	ctx := context.Background()
	e.FailRecord(true)
	_, err := e.Answers.CheckSQL(ctx, st.Researcher, project, bySex)
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable {
		t.Fatalf("check with the log refusing writes = %v, want unavailable", err)
	}
	pf, err := e.Answers.CheckSQL(ctx, st.Researcher, project, bySex)
	if err != nil || pf.Rules.Threshold != 10 || !slices.Equal(pf.OptOutLists, []string{"ndoo", "type1"}) {
		t.Fatalf("preflight %+v, err %v", pf, err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryCheck), TargetID: project, Outcome: string(audit.OutcomeSuccess)})
	if len(evs) != 1 || body(t, evs[0])["query_hash"] != pf.QueryHash {
		t.Errorf("query.check events = %+v, want one with the query's hash", evs)
	}
}

// mustNotRun fails the test if a query reaches the data.
type mustNotRun struct{ t *testing.T }

func (r mustNotRun) Run(context.Context, *catalogue.Catalogue, query.Query, []string, disclosure.Rules, func([]answer.KeyID) error) (answer.Raw, error) {
	r.t.Error("the query ran")
	return answer.Raw{}, enclave.E(enclave.CodeInternal, "the query ran")
}

// failing is a research database that fails every query with err.
type failing struct{ err error }

func (f failing) Run(context.Context, *catalogue.Catalogue, query.Query, []string, disclosure.Rules, func([]answer.KeyID) error) (answer.Raw, error) {
	return answer.Raw{}, f.err
}
