package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// rolledBack is what /readyz says of a rollback found and not acknowledged.
const rolledBack = "failing: the database was restored to a point behind the checkpoint kept outside it; queries are refused until an operator acknowledges the rollback"

// livez says the process is up; it checks nothing else.
func (s *Server) livez(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "live"})
}

// readyz checks every dependency and answers 503 naming the ones that fail.
// Causes go to the log, not to the (unauthenticated) caller; a rollback of
// the database, which an operator must act on, is named in a fixed sentence
// that gives no sizes.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	checks := make(map[string]string, len(s.Checks))
	code, state := http.StatusOK, "ready"
	for _, c := range s.Checks {
		if err := c.Check(ctx); err != nil {
			s.Logger.WarnContext(ctx, "readiness check failed", "check", c.Name, "err", err)
			checks[c.Name] = "failing"
			if enclave.ErrorCode(err) == enclave.CodeRollback {
				checks[c.Name] = rolledBack
			}
			code, state = http.StatusServiceUnavailable, "not ready"
			continue
		}
		checks[c.Name] = "ok"
	}
	writeJSON(w, code, map[string]any{"status": state, "checks": checks})
}
