package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// readyCheckTimeout bounds each readiness check, so that a dependency that
// hangs (a slow Vault, a database that accepts connections but does not
// answer) fails its check rather than the probe.
const readyCheckTimeout = 2 * time.Second

// rolledBack is what /readyz says of a rollback found and not acknowledged:
// a fixed sentence, without the sizes.
const rolledBack = "the database was restored to a point behind the checkpoint kept outside it; queries are refused until an operator acknowledges the rollback"

// livez says the process is up; it checks nothing else.
func (s *Server) livez(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "live"})
}

// readyz runs every check at once, each within readyCheckTimeout, and
// answers 503 naming the ones that fail and why. The reasons are the
// checks' public messages ("Vault is sealed"; a rollback of the database,
// which an operator must act on, in a fixed sentence without sizes), never
// their causes, which go to the log: the caller is not authenticated.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	errs := make([]error, len(s.Checks))
	var wg sync.WaitGroup
	for i, c := range s.Checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(r.Context(), readyCheckTimeout)
			defer cancel()
			errs[i] = c.Check(ctx)
		})
	}
	wg.Wait()
	checks := make(map[string]string, len(s.Checks))
	reasons := map[string]string{}
	code, state := http.StatusOK, "ready"
	for i, c := range s.Checks {
		if errs[i] == nil {
			checks[c.Name] = "ok"
			continue
		}
		s.Logger.WarnContext(r.Context(), "readiness check failed", "check", c.Name, "err", errs[i])
		checks[c.Name], reasons[c.Name] = "failing", readyReason(errs[i])
		code, state = http.StatusServiceUnavailable, "not ready"
	}
	body := map[string]any{"status": state, "checks": checks}
	if len(reasons) > 0 {
		body["reasons"] = reasons
	}
	writeJSON(w, code, body)
}

// readyReason is what /readyz says about a failed check: the message of an
// *enclave.Error, or that the check ran out of time.
func readyReason(err error) string {
	var e *enclave.Error
	switch {
	case enclave.ErrorCode(err) == enclave.CodeRollback:
		return rolledBack
	case errors.As(err, &e):
		return e.Message
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer within %s", readyCheckTimeout)
	default:
		return "failing; the cause is in the server's log"
	}
}
