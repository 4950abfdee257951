package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/research-enclave/enclave/enclave/answer"
)

// maxAnswers is how many released answers a session keeps for download.
const maxAnswers = 20

// session is one signed-in user. It keeps the answers released to them, by
// id, so that a download gives the answer they saw without asking again.
type session struct {
	id       string
	ident    Identity
	mu       sync.Mutex
	lastSeen time.Time
	answers  map[string]answer.Answer
	order    []string
}

// keep stores a released answer and returns its id; the oldest goes when
// the session holds maxAnswers.
func (s *session) keep(a answer.Answer) string {
	id := randomID(16)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == maxAnswers {
		delete(s.answers, s.order[0])
		s.order = s.order[1:]
	}
	s.answers[id] = a
	s.order = append(s.order, id)
	return id
}

func (s *session) answer(id string) (answer.Answer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.answers[id]
	return a, ok
}

// kept is a released answer kept in the session, under its id.
type kept struct {
	ID     string
	Answer answer.Answer
}

// kept returns the session's released answers, newest first.
func (s *session) kept() []kept {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]kept, 0, len(s.order))
	for i := len(s.order) - 1; i >= 0; i-- {
		out = append(out, kept{s.order[i], s.answers[s.order[i]]})
	}
	return out
}

// sessions holds the sessions in memory. One unused for idle has ended.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session
	idle time.Duration
	now  func() time.Time
}

func newSessions(idle time.Duration, now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, idle: idle, now: now}
}

// start begins a session for ident under a new random 256-bit id, and
// drops the sessions that have ended.
func (ss *sessions) start(ident Identity) *session {
	now := ss.now()
	s := &session{id: randomID(32), ident: ident, lastSeen: now, answers: map[string]answer.Answer{}}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for id, old := range ss.byID {
		if ss.ended(old, now) {
			delete(ss.byID, id)
		}
	}
	ss.byID[s.id] = s
	return s
}

// get returns the live session id names, marking it used now.
func (ss *sessions) get(id string) (*session, bool) {
	now := ss.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.byID[id]
	if !ok {
		return nil, false
	}
	if ss.ended(s, now) {
		delete(ss.byID, id)
		return nil, false
	}
	s.mu.Lock()
	s.lastSeen = now
	s.mu.Unlock()
	return s, true
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.byID, id)
}

func (ss *sessions) ended(s *session, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return now.Sub(s.lastSeen) >= ss.idle
}

// randomID returns n random bytes, base64url.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
