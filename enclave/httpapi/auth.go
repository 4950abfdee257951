package httpapi

import (
	"net"
	"net/http"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
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
			if _, err := s.check(r, enclave.PolicyInput{Principal: p, Action: action}); err != nil {
				s.problem(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// check asks the policy engine about in and turns a denial into an error:
// unauthenticated for an anonymous caller, forbidden otherwise. A denial of
// an authenticated principal is audited; anonymous ones are only counted, so
// that unauthenticated probing cannot flood the log.
func (s *Server) check(r *http.Request, in enclave.PolicyInput) (enclave.Decision, error) {
	d, err := s.Authorizer.Decide(r.Context(), in)
	if err != nil {
		s.metrics.decisions.WithLabelValues("error").Inc()
		return d, enclave.Wrap(enclave.CodeUnavailable, "authorisation is unavailable; nothing was done", err)
	}
	if d.Allow {
		s.metrics.decisions.WithLabelValues("allow").Inc()
		return d, nil
	}
	s.metrics.decisions.WithLabelValues("deny").Inc()
	if in.Principal.Role == enclave.RoleAnonymous {
		return d, &enclave.Error{Code: enclave.CodeUnauthenticated, Message: "an API token is required", Reasons: d.Reasons}
	}
	ev := s.Audit.Event(s.actor(r), audit.KindAccessDenied, "action", in.Action, audit.OutcomeDenied, &d, nil)
	if err := s.Audit.Store.Record(r.Context(), ev); err != nil {
		s.Logger.ErrorContext(r.Context(), "could not audit a denial", "request_id", requestIDFrom(r.Context()), "err", err)
	}
	return d, &enclave.Error{Code: enclave.CodeForbidden, Message: "the policy does not allow this", Reasons: d.Reasons}
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
