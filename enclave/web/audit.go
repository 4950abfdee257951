package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// actionEvents is the API route the audit pages stand for.
const actionEvents = "GET /v1/audit/events"

// eventsPerPage is how many events a search shows at once.
const eventsPerPage = 50

var outcomes = []audit.Outcome{audit.OutcomeSuccess, audit.OutcomeDenied, audit.OutcomeFailure}

// searchRoles are the roles an event's actor can have: the four a
// principal holds, anonymous callers, and the system's own (a reload on
// SIGHUP, a periodic checkpoint).
var searchRoles = append(slices.Clone(enclave.Roles), enclave.RoleAnonymous, enclave.SystemActor.Principal.Role)

// eventsView is the search form, as given, and what it found.
type eventsView struct {
	Form     url.Values
	Kinds    []audit.Kind
	Roles    []enclave.Role
	Outcomes []audit.Outcome
	Events   []audit.Event
	Searched bool
	Next     string // the query string of the next page, "" on the last
	Problem  string
}

// eventsPage searches the audit log with the CLI's filters (kind,
// principal, role, project or any target, outcome, since, until), as GET
// /v1/audit/events does, which records the search itself.
func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionEvents); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	q := r.URL.Query()
	v := eventsView{Form: q, Kinds: audit.Kinds(), Roles: searchRoles, Outcomes: outcomes, Searched: len(q) > 0}
	if !v.Searched {
		s.render(w, r, sess, http.StatusOK, "events", "Audit events", v)
		return
	}
	f, err := eventFilter(q)
	if err == nil {
		v.Events, err = s.Services.Audit.Events(r.Context(), s.actor(r, sess), f)
	}
	if e := (*enclave.Error)(nil); errors.As(err, &e) && e.Code == enclave.CodeInvalid {
		v.Problem = e.Message
		s.render(w, r, sess, http.StatusBadRequest, "events", "Audit events", v)
		return
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	if len(v.Events) == f.Limit {
		next := url.Values{}
		for k, vs := range q {
			next[k] = vs
		}
		next.Set("after", strconv.FormatUint(v.Events[len(v.Events)-1].Seq, 10))
		v.Next = next.Encode()
	}
	s.render(w, r, sess, http.StatusOK, "events", "Audit events", v)
}

// eventFilter reads the search form. Dates are whole UTC days (an input
// of type date), or RFC 3339 times; until includes its whole day.
func eventFilter(q url.Values) (enclave.AuditFilter, error) {
	f := enclave.AuditFilter{
		Kind: q.Get("kind"), Outcome: q.Get("outcome"), Principal: strings.TrimSpace(q.Get("principal")), After: -1, Limit: eventsPerPage,
	}
	if f.Kind != "" && !audit.Kind(f.Kind).Valid() {
		return f, enclave.E(enclave.CodeInvalid, "choose a kind from the list")
	}
	if f.Outcome != "" && !audit.Outcome(f.Outcome).Valid() {
		return f, enclave.E(enclave.CodeInvalid, "choose an outcome from the list")
	}
	if r := q.Get("role"); r != "" {
		if !slices.Contains(searchRoles, enclave.Role(r)) {
			return f, enclave.E(enclave.CodeInvalid, "choose a role from the list")
		}
		f.Role = r
	}
	f.TargetType, f.TargetID = strings.TrimSpace(q.Get("target_type")), strings.TrimSpace(q.Get("target_id"))
	if p := strings.TrimSpace(q.Get("project")); p != "" {
		if f.TargetType != "" && f.TargetType != "project" || f.TargetID != "" && f.TargetID != p {
			return f, enclave.E(enclave.CodeInvalid, "give a project, or a target, not both")
		}
		f.TargetType, f.TargetID = "project", p
	}
	for _, v := range []string{f.Principal, f.TargetType, f.TargetID} {
		if len(v) > audit.MaxIDBytes || strings.ContainsFunc(v, unicode.IsControl) {
			return f, enclave.E(enclave.CodeInvalid, "a principal, project or target is at most 200 characters, without control characters")
		}
	}
	var err error
	if f.Since, err = day(q.Get("since"), "since", 0); err != nil {
		return f, err
	}
	if f.Until, err = day(q.Get("until"), "until", 24*time.Hour); err != nil {
		return f, err
	}
	if a := q.Get("after"); a != "" {
		if f.After, err = strconv.ParseInt(a, 10, 64); err != nil || f.After < 0 {
			return f, enclave.E(enclave.CodeInvalid, "after must be an event number")
		}
	}
	return f, nil
}

// day reads a date (plus add, so that until takes in its whole day) or an
// RFC 3339 time.
func day(v, name string, add time.Duration) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.Add(add), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, enclave.E(enclave.CodeInvalid, name+" must be a date such as 2026-11-01")
	}
	return t, nil
}

// eventView is one event with its canonical record, the bytes the log's
// hashes cover.
type eventView struct {
	Event     audit.Event
	Canonical string
}

// eventPage shows one event, found as GET /v1/audit/events finds it.
func (s *Server) eventPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionEvents); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	seq, err := strconv.ParseUint(r.PathValue("seq"), 10, 62)
	if err != nil {
		s.fail(w, r, sess, enclave.E(enclave.CodeNotFound, "no such event"))
		return
	}
	evs, err := s.Services.Audit.Events(r.Context(), s.actor(r, sess), enclave.AuditFilter{After: int64(seq) - 1, Limit: 1})
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	if len(evs) == 0 || evs[0].Seq != seq {
		s.fail(w, r, sess, enclave.E(enclave.CodeNotFound, "no such event"))
		return
	}
	canonical, err := evs[0].Canonical()
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "event", "Audit event "+strconv.FormatUint(seq, 10), eventView{Event: evs[0], Canonical: string(canonical)})
}
