package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/services"
)

// Config is what the web interface is built from, by cmd/enclave.
type Config struct {
	Services *services.Set
	// Catalogue returns the catalogue in force, read on every page that
	// shows it, so that a catalogue that can be replaced is never stale.
	Catalogue func() *catalogue.Catalogue
	// TokenSignIn offers the dev-mode sign-in page, which accepts an API
	// token; only dev mode sets it.
	TokenSignIn bool
	// SignIns are the other ways to sign in.
	SignIns []SignIn
	// SessionIdle ends a session unused for this long.
	SessionIdle time.Duration
	// SecureCookies marks the session cookie Secure on plain HTTP too (a
	// TLS-terminating proxy in front); it always is over TLS.
	SecureCookies bool
	Logger        *slog.Logger
	Now           func() time.Time
}

// Server serves the pages.
type Server struct {
	Config
	sessions *sessions
	pages    pages
}

// maxForm bounds the body of a form.
const maxForm = 64 << 10

// New returns the web interface's handler.
func New(c Config) (http.Handler, error) {
	if c.Services == nil || c.Catalogue == nil || c.Logger == nil || c.Now == nil || c.SessionIdle <= 0 {
		return nil, errors.New("web: services, catalogue, logger, clock and session idle timeout are required")
	}
	ps, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{Config: c, sessions: newSessions(c.SessionIdle, c.Now), pages: ps}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/style.css", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, staticFS, "static/style.css")
	})
	mux.HandleFunc("GET /signin", s.signInPage)
	mux.HandleFunc("POST /signin/token", s.signInToken)
	mux.HandleFunc("POST /signout", s.signOut)
	mux.HandleFunc("GET /register", s.registerPage)
	for _, si := range c.SignIns {
		prefix := "/signin/" + si.Name() + "/"
		mux.Handle(prefix, http.StripPrefix(prefix[:len(prefix)-1], si.Handler(s.start)))
	}
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.signedIn(rt.handler))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, nil, http.StatusNotFound, "error", "Page not found", errorView{Message: "There is no page at this address."})
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, nil, http.StatusForbidden, "error", "Request refused",
			errorView{Message: "This request came from another site, so it was refused. Nothing was done."})
	}))
	return s.headers(s.logRequests(s.recoverPanic(cop.Handler(mux)))), nil
}

// route is one page that needs a session.
type route struct {
	pattern string
	handler pageFunc
}

func (s *Server) routes() []route {
	return []route{
		{"GET /{$}", s.home},
		{"GET /catalogue", s.cataloguePage},
		{"GET /projects", s.projectsPage},
		{"GET /projects/new", s.newProjectPage},
		{"POST /projects", s.createProject},
		{"GET /projects/{projectID}", s.projectPage},
		{"GET /projects/{projectID}/edit", s.editProjectPage},
		{"POST /projects/{projectID}/edit", s.updateProject},
		{"POST /projects/{projectID}/members", s.addMember},
		{"POST /projects/{projectID}/members/{principalID}/remove", s.removeMember},
		{"GET /projects/{projectID}/query", s.queryPage},
		{"POST /projects/{projectID}/query/check", s.checkQuery},
		{"POST /projects/{projectID}/query/run", s.runQuery},
		{"GET /answers/{answerID}", s.answerPage},
		{"GET /answers/{answerID}/csv", s.answerCSV},
		{"GET /answers/{answerID}/json", s.answerJSON},
		{"POST /projects/{projectID}/{transition}", s.transitionProject},
		{"GET /reviews", s.reviewsPage},
		{"GET /history", s.historyPage},
		{"GET /reviews/{resultID}", s.reviewPage},
		{"GET /reviews/{resultID}/answer", s.reviewAnswer},
		{"POST /reviews/{resultID}/{decision}", s.decideReview},
		{"GET /audit/events", s.eventsPage},
		{"GET /audit/events/{seq}", s.eventPage},
		{"POST /audit/events/{seq}/proof", s.proofDownload},
		{"GET /audit/checkpoint", s.checkpointPage},
		{"GET /audit/summary", s.summaryPage},
		{"GET /optouts", s.optOutsPage},
		{"GET /loads", s.loadsPage},
		{"GET /tokens", s.tokensPage},
		{"POST /tokens/{tokenID}/revoke", s.revokeToken},
	}
}
