package answer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/optout"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/testkit"
)

// TestAnswersOnAStandby: with the research statements on a hot standby,
// an answer's audit event and ledger cells are written on the primary;
// while the standby lags behind a list loaded just before, the answer
// comes from the primary and names that list's version, or is refused as
// unavailable and audited so; and the same with the standby down.
func TestAnswersOnAStandby(t *testing.T) {
	e, project := newAnswers(t)
	standby, sb := e.QueryOnStandby(t)
	ctx := context.Background()
	sb.Refuse = true // so that an answer below is the standby's
	a, err := e.Answers.RunSQL(ctx, st.Researcher, project, bySex)
	if err != nil || a.Result == nil {
		t.Fatalf("through the standby: answer %+v, err %v", a, err)
	}
	if evs := queryEvents(t, e, project, audit.OutcomeSuccess); len(evs) != 1 || body(t, evs[0])["query_hash"] != a.Manifest.QueryHash {
		t.Errorf("%d query.run events on the primary, want 1 with the answer's query hash", len(evs))
	}
	var cells int
	if err := e.DB.SharedSuper(t).QueryRow(ctx, `SELECT count(*) FROM released_cells WHERE project_id = $1`, project).Scan(&cells); err != nil || cells == 0 {
		t.Errorf("%d ledger cells on the primary (%v), want the answer's released cells", cells, err)
	}

	standby.PauseReplay(t)
	before := a.Manifest.OptOutLists["ndoo"]
	file := strings.Join(testkit.NHSNumbers(100, 30), "\n") + "\n"
	if _, err := e.OptOuts.Load(ctx, st.Otto, enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, strings.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	sb.Wait = 20 * time.Millisecond // paused, the standby never catches up
	refusedAndAudited(t, e, project, "has not caught up with the primary")
	sb.Refuse = false
	a, err = e.Answers.RunSQL(ctx, st.Researcher, project, bySex)
	if err != nil || a.Result == nil || a.Manifest.OptOutLists["ndoo"] != before+1 {
		t.Fatalf("falling back: answer with ndoo version %d, err %v; want version %d, loaded just before", a.Manifest.OptOutLists["ndoo"], err, before+1)
	}

	standby.Stop(t)
	sb.Refuse = true
	refusedAndAudited(t, e, project, "the query replica is unavailable")
	sb.Refuse = false
	if a, err := e.Answers.RunSQL(ctx, st.Researcher, project, bySex); err != nil || a.Result == nil {
		t.Fatalf("standby down, falling back: answer %+v, err %v", a, err)
	}
}

// refusedAndAudited asks bySex and wants it refused as unavailable for
// reason, and audited as a failure.
func refusedAndAudited(t *testing.T, e *st.Env, project, reason string) {
	t.Helper()
	before := len(queryEvents(t, e, project, audit.OutcomeFailure))
	_, err := e.Answers.RunSQL(context.Background(), st.Researcher, project, bySex)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), reason) {
		t.Fatalf("refusing: %v, want unavailable: %s", err, reason)
	}
	evs := queryEvents(t, e, project, audit.OutcomeFailure)
	if len(evs) != before+1 || body(t, evs[len(evs)-1])["failed"] != string(enclave.CodeUnavailable) {
		t.Errorf("%d query.run failures audited, want 1 more, failed unavailable", len(evs)-before)
	}
}
