package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/query"
)

// historyPageSize is how many questions the page shows at a time.
const historyPageSize = 50

// historyView is a principal's questions, a page of them from the audit
// log, and for a researcher the answers released to this session and
// their answers held for review, in every state.
type historyView struct {
	Researcher bool
	Principal  string // whose questions, when not the user's own
	Questions  []questionRow
	Next       int64 // the before of the older page; -1 when none
	Answers    []kept
	Held       []enclave.HeldResult
	Problem    string
}

// questionRow is a question with its canonical query read back, when it
// has one, for the page to describe it.
type questionRow struct {
	enclave.Question
	Canonical *query.Query
}

// historyPage shows a principal's questions as GET /v1/questions serves
// them: History.Questions decides whose (a researcher their own, an
// auditor anyone's, with ?principal=) and records the read. For a
// researcher it also shows the answers kept in the session (nothing is
// asked again) and their held answers, read as GET /v1/reviews reads
// them, narrowed to their own.
func (s *Server) historyPage(w http.ResponseWriter, r *http.Request, sess *session) {
	me := sess.ident.Principal
	v := historyView{Researcher: me.Role == enclave.RoleResearcher, Principal: strings.TrimSpace(r.URL.Query().Get("principal")), Next: -1}
	title := "Your questions"
	if v.Principal != "" && v.Principal != me.ID {
		title = "Questions of " + v.Principal
	}
	if err := s.allow(r, sess, "GET /v1/questions"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	if v.Researcher {
		if err := s.allow(r, sess, "GET /v1/reviews"); err != nil {
			s.fail(w, r, sess, err)
			return
		}
	}
	before := int64(-1)
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			v.Problem = "The page of older questions is named by an audit event's index, a whole number of 0 or more."
			s.render(w, r, sess, http.StatusBadRequest, "history", title, v)
			return
		}
		before = n
	}
	qs, next, err := s.Services.History.Questions(r.Context(), s.actor(r, sess), enclave.QuestionFilter{Principal: v.Principal, Before: before, Limit: historyPageSize})
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Next = next
	for _, q := range qs {
		v.Questions = append(v.Questions, questionRow{Question: q, Canonical: canonical(q.Query)})
	}
	if v.Researcher {
		held, err := s.Services.Reviews.List(r.Context(), s.actor(r, sess), "")
		if err != nil {
			s.fail(w, r, sess, err)
			return
		}
		v.Held = slices.DeleteFunc(held, func(h enclave.HeldResult) bool { return h.Requester != me.ID })
		v.Answers = sess.kept()
	}
	s.render(w, r, sess, http.StatusOK, "history", title, v)
}

// canonical reads a question's recorded query back as a query, for its
// description; nil when there is none or it does not read as one.
func canonical(recorded any) *query.Query {
	if recorded == nil {
		return nil
	}
	raw, err := json.Marshal(recorded)
	if err != nil {
		return nil
	}
	var q query.Query
	if json.Unmarshal(raw, &q) != nil {
		return nil
	}
	return &q
}
