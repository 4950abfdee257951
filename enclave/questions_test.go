package enclave_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

const (
	bySex = "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"
	// outOfScope asks for a dataset the project's scope (st.Draft) lacks.
	outOfScope = "SELECT COUNT(DISTINCT person) FROM gp_events"
)

// TestQuestionsShowEveryOutcome: a researcher's history holds their own
// questions, newest first, each with how it ended (answered, checked,
// refused with its reason, held with its review id, asked again), in
// pages; another researcher's question is in theirs only.
func TestQuestionsShowEveryOutcome(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	e.LoadSynthetic(t, 2000)
	project := e.Approved(t, st.Draft()).ID
	draft := st.Draft()
	draft.OutputReview = true
	reviewed := e.Approved(t, draft).ID
	if _, err := e.Answers.RunSQL(ctx, st.Researcher, project, bySex); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Answers.CheckSQL(ctx, st.Researcher, project, bySex); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Answers.RunSQL(ctx, st.Researcher, project, "SELECT everything"); enclave.ErrorCode(err) != enclave.CodeInvalid {
		t.Fatalf("a statement outside the subset = %v, want invalid", err)
	}
	held, err := e.Answers.RunSQL(ctx, st.Researcher, reviewed, bySex)
	if err != nil || held.Held == nil {
		t.Fatalf("run on the reviewed project = %+v, %v; want held", held, err)
	}
	if _, err := e.Answers.RunSQL(ctx, st.Researcher, reviewed, bySex); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Answers.RunSQL(ctx, st.Researcher, project, outOfScope); enclave.ErrorCode(err) != enclave.CodeForbidden {
		t.Fatalf("a question outside the project's scope = %v, want forbidden", err)
	}
	if _, err := e.Answers.RunSQL(ctx, st.Lead, project, bySex); err != nil {
		t.Fatal(err)
	}

	qs, next, err := e.History.Questions(ctx, st.Researcher, enclave.QuestionFilter{Before: -1})
	if err != nil || next != -1 {
		t.Fatalf("Questions = %v, next %d, %v", qs, next, err)
	}
	want := []struct{ project, asked, outcome, reason, held string }{
		{project, "run", "refused", "", ""},
		{reviewed, "run", "held", "review.project", held.Held.ID},
		{reviewed, "run", "held", "review.project", held.Held.ID},
		{project, "run", "refused", "query.syntax", ""},
		{project, "check", "checked", "", ""},
		{project, "run", "answered", "", ""},
	}
	if len(qs) != len(want) {
		t.Fatalf("%d questions, want %d: %+v", len(qs), len(want), qs)
	}
	for i, w := range want {
		q := qs[i]
		if q.Project != w.project || q.Asked != w.asked || q.Outcome != w.outcome || q.HeldID != w.held ||
			(w.reason != "" && !slices.Contains(q.Reasons, w.reason)) {
			t.Errorf("question %d = %+v, want %+v", i, q, w)
		}
		if i > 0 && q.Seq >= qs[i-1].Seq {
			t.Errorf("question %d (event %d) is not older than the one before (%d)", i, q.Seq, qs[i-1].Seq)
		}
	}
	if len(qs[0].Reasons) == 0 || qs[0].QueryHash == "" {
		t.Errorf("the policy's refusal = %+v, want its reasons and the query's hash", qs[0])
	}
	if !qs[1].AskedAgain || qs[2].AskedAgain {
		t.Errorf("asked again: %v, %v; want the later only", qs[1].AskedAgain, qs[2].AskedAgain)
	}
	if qs[5].QueryHash == "" || qs[5].Query == nil || qs[3].Query != nil {
		t.Errorf("the answer's query %v (%q); the refused statement's %v, want none", qs[5].Query, qs[5].QueryHash, qs[3].Query)
	}
	raw, _ := json.Marshal(qs)
	if strings.Contains(string(raw), `"cells"`) || strings.Contains(string(raw), "hmac-sha256:") {
		t.Errorf("the history shows more than the questions: %s", raw)
	}

	page, next, err := e.History.Questions(ctx, st.Researcher, enclave.QuestionFilter{Before: -1, Limit: 2})
	if err != nil || len(page) != 2 || next != int64(qs[1].Seq) {
		t.Fatalf("first page of 2 = %d questions, next %d, %v; want 2 and %d", len(page), next, err, qs[1].Seq)
	}
	if page, _, err = e.History.Questions(ctx, st.Researcher, enclave.QuestionFilter{Before: next, Limit: 2}); err != nil || len(page) != 2 || page[0].Seq != qs[2].Seq {
		t.Errorf("second page = %+v, %v; want questions 2 and 3", page, err)
	}

	theirs, _, err := e.History.Questions(ctx, st.Lead, enclave.QuestionFilter{Before: -1})
	if err != nil || len(theirs) != 1 || theirs[0].Outcome != "answered" || theirs[0].Seq <= qs[0].Seq {
		t.Errorf("the lead's questions = %+v, %v; want their one answer, asked last", theirs, err)
	}
}

// TestQuestionsReadIsDecidedAndAudited: the policy decides whose questions
// a caller reads; every read, allowed or refused, is recorded as an
// audit.read event with the decision, and a read the log cannot record is
// not served.
func TestQuestionsReadIsDecidedAndAudited(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		actor  enclave.Actor
		whose  string
		code   enclave.Code // "" when allowed
		reason string
	}{
		{"a researcher's own", st.Researcher, "", "", "history.own"},
		{"another researcher's", st.Researcher, st.Outsider.Principal.ID, enclave.CodeForbidden, "history.not_own"},
		{"an auditor reads a researcher's", st.Auditor, st.Researcher.Principal.ID, "", "history.auditor"},
		{"an officer", st.GovA, st.Researcher.Principal.ID, enclave.CodeForbidden, "role.not_permitted"},
		{"an operator", st.Otto, st.Researcher.Principal.ID, enclave.CodeForbidden, "role.not_permitted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := enclave.AuditFilter{Kind: string(audit.KindAuditRead), Principal: tt.actor.Principal.ID}
			before := len(e.Events(t, f))
			_, _, err := e.History.Questions(ctx, tt.actor, enclave.QuestionFilter{Principal: tt.whose, Before: -1})
			if enclave.ErrorCode(err) != tt.code && (tt.code != "" || err != nil) {
				t.Fatalf("Questions = %v, want code %q", err, tt.code)
			}
			evs := e.Events(t, f)
			if len(evs) != before+1 {
				t.Fatalf("%d audit.read events recorded, want 1", len(evs)-before)
			}
			ev := evs[len(evs)-1]
			wantOutcome := audit.OutcomeSuccess
			if tt.code != "" {
				wantOutcome = audit.OutcomeDenied
			}
			if ev.Outcome != wantOutcome || ev.Decision == nil || !slices.Contains(ev.Decision.Reasons, tt.reason) ||
				!strings.Contains(string(ev.Body), `"questions"`) {
				t.Errorf("event = %+v, decision %+v; want %s with %s", ev, ev.Decision, wantOutcome, tt.reason)
			}
			if tt.whose != "" && strings.Contains(string(ev.Body), tt.whose) {
				t.Errorf("the event records the principal asked about in clear: %s", ev.Body)
			}
		})
	}
	for _, tt := range []struct {
		name string
		f    enclave.QuestionFilter
	}{
		{"limit too large", enclave.QuestionFilter{Before: -1, Limit: enclave.MaxQuestions + 1}},
		{"negative limit", enclave.QuestionFilter{Before: -1, Limit: -1}},
		{"before below -1", enclave.QuestionFilter{Before: -2}},
	} {
		if _, _, err := e.History.Questions(ctx, st.Researcher, tt.f); enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("%s: %v, want invalid", tt.name, err)
		}
	}
	e.FailRecord(true)
	if qs, _, err := e.History.Questions(ctx, st.Researcher, enclave.QuestionFilter{Before: -1}); enclave.ErrorCode(err) != enclave.CodeUnavailable || qs != nil {
		t.Errorf("a read the log cannot record = %v, %v; want unavailable and nothing", qs, err)
	}
}
