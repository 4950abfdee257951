package vaulttest

import (
	"maps"
	"net/http"
	"slices"
	"time"
)

// Seal seals the server: sys/health reports sealed, every other request gets
// 503 {"errors":["Vault is sealed"]}, as from a real sealed Vault.
func (s *Server) Seal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sealed = true
}

// Unseal undoes Seal. Keys and secrets survive, as they do in Vault.
func (s *Server) Unseal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sealed = false
}

func (s *Server) isSealed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sealed
}

// FailNext makes the next n requests, whatever their path (sys/health
// included), fail with status and {"errors":["injected failure"]}.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failCode = n, status
}

func (s *Server) takeFailure() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failN <= 0 {
		return 0, false
	}
	s.failN--
	return s.failCode, true
}

// Delay makes every request wait d before it is answered (0 switches it
// off), to simulate network and server latency.
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// wait sleeps for the configured delay; it reports false if the client gave
// up first.
func (s *Server) wait(r *http.Request) bool {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// track counts a request to path and keeps it in flight until the returned
// function runs.
func (s *Server) track(r *http.Request, path string) func() {
	s.mu.Lock()
	s.requests[path]++
	if s.ops[path] == nil {
		s.ops[path] = map[string]bool{}
	}
	s.ops[path][operation(r)] = true
	s.mu.Unlock()
	n := s.inFlight.Add(1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	return func() { s.inFlight.Add(-1) }
}

func (s *Server) recordBatch(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxBatch = max(s.maxBatch, n)
}

// Requests is how many requests arrived for path (without /v1/, for example
// "transit/hmac/pid"), failed ones included.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// Operations maps each path requested so far to the Vault operations used
// on it ("read", "update", "list", "delete": the names of the policy
// capabilities they need), sorted. Policy tests compare it with a policy.
func (s *Server) Operations() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]string, len(s.ops))
	for p, ops := range s.ops {
		out[p] = slices.Sorted(maps.Keys(ops))
	}
	return out
}

// MaxBatchSize is the largest batch_input seen by hmac, verify or sign.
func (s *Server) MaxBatchSize() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxBatch
}

// MaxConcurrent is the most requests that were in flight at once.
func (s *Server) MaxConcurrent() int { return int(s.maxInFlight.Load()) }

// ResetCounters zeroes the request counters, the largest batch and the most
// requests in flight.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.requests)
	clear(s.ops)
	s.maxBatch = 0
	s.maxInFlight.Store(s.inFlight.Load())
}
