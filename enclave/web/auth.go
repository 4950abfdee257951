package web

import (
	"net"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

const cookieName = "enclave_session"

// pageFunc is a page for a signed-in user.
type pageFunc func(http.ResponseWriter, *http.Request, *session)

// signedIn gives the page its session. Without one (or when the identity
// no longer holds) a page is not shown and an action not taken: a GET is
// sent to the sign-in page, anything else refused.
func (s *Server) signedIn(page pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := s.live(r)
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin", http.StatusSeeOther)
				return
			}
			s.render(w, r, nil, http.StatusUnauthorized, "error", "Please sign in",
				errorView{Message: "You are not signed in, or your session has ended. Nothing was done."})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		page(w, r, sess)
	})
}

// live returns the request's session when its identity still holds, or
// nil; one that no longer holds is ended.
func (s *Server) live(r *http.Request) *session {
	sess := s.current(r)
	if sess != nil && sess.ident.Recheck != nil {
		if err := sess.ident.Recheck(r.Context()); err != nil {
			s.sessions.end(sess.id)
			return nil
		}
	}
	return sess
}

// current returns the request's session, or nil.
func (s *Server) current(r *http.Request) *session {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	sess, ok := s.sessions.get(c.Value)
	if !ok {
		return nil
	}
	return sess
}

// start begins a session for ident, replacing any the browser had, and
// sends it home.
func (s *Server) start(w http.ResponseWriter, r *http.Request, ident Identity) {
	if old := s.current(r); old != nil {
		s.sessions.end(old.id)
	}
	sess := s.sessions.start(ident)
	http.SetCookie(w, s.cookie(r, sess.id, 0))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// cookie is the session cookie; maxAge -1 deletes it.
func (s *Server) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: cookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || s.SecureCookies,
	}
}

// actor describes the user for the audit log as the API describes a caller.
func (s *Server) actor(r *http.Request, sess *session) enclave.Actor {
	a := enclave.Actor{Principal: sess.ident.Principal, RequestID: requestIDFrom(r.Context()), Token: sess.ident.TokenID}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		a.Client = s.Services.Audit.FieldHMAC(host)
	}
	return a
}

// allow asks the policy whether the user may take action, the action name
// of the API route the page stands for; a refusal is audited by Access.
func (s *Server) allow(r *http.Request, sess *session, action string) error {
	return s.Services.Access.Check(r.Context(), s.actor(r, sess), enclave.PolicyInput{Principal: sess.ident.Principal, Action: action})
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, nil, http.StatusOK, "signin", "Sign in", s.signInView(""))
}

// signInToken is the dev-mode sign-in: an API token, authenticated as the
// API authenticates a bearer token. A refused token is never shown back.
func (s *Server) signInToken(w http.ResponseWriter, r *http.Request) {
	if !s.TokenSignIn {
		s.render(w, r, nil, http.StatusNotFound, "error", "Page not found", errorView{Message: "Signing in with an API token is only offered in dev mode."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	ident, err := s.tokenIdentity(r.Context(), r.PostFormValue("token"))
	switch {
	case enclave.ErrorCode(err) == enclave.CodeUnauthenticated:
		s.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", s.signInView("That token was not accepted: it is invalid, expired or revoked."))
	case err != nil:
		s.fail(w, r, nil, err)
	default:
		s.start(w, r, ident)
	}
}

// signOut ends the session and deletes its cookie.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if sess := s.current(r); sess != nil {
		s.sessions.end(sess.id)
	}
	http.SetCookie(w, s.cookie(r, "", -1))
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

type signInView struct {
	Token   bool
	Others  []SignIn
	Problem string
}

func (s *Server) signInView(problem string) signInView {
	return signInView{Token: s.TokenSignIn, Others: s.SignIns, Problem: problem}
}
