package httpapi

import (
	"net"
	"net/http"
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// authorize authenticates the request (a missing token makes it anonymous; a
// bad one is refused) and asks the policy engine whether the principal may
// take action. Any policy error denies.
func (s *Server) authorize(action string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			bearer, ok := bearerToken(r)
			if !ok {
				s.metrics.authFailures.WithLabelValues(string(enclave.AuthMalformed)).Inc()
				s.problem(w, r, enclave.E(enclave.CodeUnauthenticated, "the Authorization header must be 'Bearer <token>'"))
				return
			}
			tok, failure, err := s.Tokens.Verify(r.Context(), bearer)
			if failure != "" && failure != enclave.AuthMissing {
				s.metrics.authFailures.WithLabelValues(string(failure)).Inc()
			}
			if err != nil {
				s.problem(w, r, err)
				return
			}
			p := enclave.Anonymous
			if tok.ID != "" {
				p = enclave.Principal{ID: tok.PrincipalID, Role: tok.Role}
			}
			info := r.Context().Value(requestInfoKey).(*requestInfo)
			info.principal, info.token = p, tok.ID
			// A denial is unauthenticated for an anonymous caller and
			// forbidden (and audited) otherwise.
			if err := s.Access.Check(r.Context(), s.actor(r), enclave.PolicyInput{Principal: p, Action: action}); err != nil {
				s.problem(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// actor describes the caller for the audit log.
func (s *Server) actor(r *http.Request) enclave.Actor {
	a := enclave.Actor{Principal: principalFrom(r.Context()), RequestID: requestIDFrom(r.Context()), Token: tokenFrom(r.Context())}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		a.Client = s.Audit.FieldHMAC(host)
	}
	return a
}

// bearerToken returns the token of an "Authorization: Bearer" header, "" when
// there is no header, and ok=false when the header has another shape.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", true
	}
	scheme, token, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
