package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/reload"
)

// Config is what the API needs, built and passed in by cmd/enclave.
type Config struct {
	Tokens         *enclave.Tokens
	Audit          *enclave.Audit
	Catalogue      func() *catalogue.Catalogue // the catalogue in force
	Reload         *reload.Service             // nil: reloads answer 503
	Projects       *enclave.Projects
	Reviews        *enclave.Reviews
	History        *enclave.History
	Ingest         *ingest.Service    // nil: loads answer 503
	Answers        *answer.Service    // nil: queries answer 503
	OptOuts        *enclave.OptOuts   // nil, or nil Pseudonymiser: loads answer 503
	Access         *enclave.Access    // decides each route's action
	Rollbacks      *enclave.Rollbacks // nil: no checkpoint kept outside the database; acknowledging answers 503
	Checks         []ReadyCheck       // consulted by /readyz
	Logger         *slog.Logger
	Registry       *prometheus.Registry // metrics are registered here and served at /metrics
	MaxBodyBytes   int64
	MaxUploadBytes int64 // the body limit of stream routes (uploads); 0 means MaxBodyBytes
	RequestTimeout time.Duration
	// Web, when set, serves every path the API does not own (/v1 and the
	// routes above it): the web interface at / (docs/web.md).
	Web http.Handler
}

// ReadyCheck is one dependency that /readyz checks. A failing Check says
// why in the message of an *enclave.Error, which /readyz shows.
type ReadyCheck struct {
	Name  string
	Check func(context.Context) error
}

// Server holds the API's dependencies.
type Server struct {
	Config
	metrics *metrics
}

// route is one endpoint. The list of routes is the single source for the
// router, the policy's action names ("METHOD pattern") and the check that the
// OpenAPI document agrees with the handlers.
type route struct {
	method, pattern string
	handler         http.HandlerFunc
	stream          bool // a long streamed answer or upload: no request deadline (it sets its own), MaxUploadBytes
}

func (s *Server) routes() []route {
	return []route{
		{"GET", "/livez", s.livez, false},
		{"GET", "/readyz", s.readyz, false},
		{"GET", "/metrics", s.serveMetrics, false},
		{"GET", "/openapi.json", serveOpenAPI, false},
		{"GET", "/v1/whoami", s.whoami, false},
		{"GET", "/v1/principals", s.listPrincipals, false},
		{"POST", "/v1/principals/{principalID}/approve", s.approvePrincipal, false},
		{"POST", "/v1/principals/{principalID}/reject", s.rejectPrincipal, false},
		{"DELETE", "/v1/principals/{principalID}/tokens", s.revokePrincipalTokens, false},
		{"GET", "/v1/tokens", s.listTokens, false},
		{"POST", "/v1/tokens", s.createToken, false},
		{"POST", "/v1/tokens/rotate", s.rotateToken, false},
		{"DELETE", "/v1/tokens/{tokenID}", s.revokeToken, false},
		{"GET", "/v1/catalogue", s.serveCatalogue, false},
		{"POST", "/v1/catalogue/reload", s.reloadCatalogue, false},
		{"GET", "/v1/audit/key", s.auditKey, false},
		{"GET", "/v1/audit/events", s.auditEvents, false},
		{"GET", "/v1/audit/log", s.auditLog, true},
		{"GET", "/v1/audit/columns", s.auditColumns, true},
		{"GET", "/v1/audit/summary", s.auditSummary, false},
		{"GET", "/v1/audit/checkpoint", s.auditCheckpoint, false},
		{"POST", "/v1/audit/checkpoints", s.signCheckpoint, false},
		{"GET", "/v1/audit/proofs/inclusion", s.inclusionProof, false},
		{"GET", "/v1/audit/proofs/consistency", s.consistencyProof, false},
		{"POST", "/v1/audit/hmac", s.auditHMAC, false},
		{"POST", "/v1/audit/rollback/acknowledge", s.acknowledgeRollback, false},
		{"POST", "/v1/audit/rollback/lift", s.liftRollbackHold, false},
		{"GET", "/v1/projects", s.listProjects, false},
		{"POST", "/v1/projects", s.createProject, false},
		{"GET", "/v1/projects/{projectID}", s.showProject, false},
		{"PATCH", "/v1/projects/{projectID}", s.updateProject, false},
		{"POST", "/v1/projects/{projectID}/members", s.addMember, false},
		{"DELETE", "/v1/projects/{projectID}/members/{principalID}", s.removeMember, false},
		{"POST", "/v1/projects/{projectID}/{transition}", s.transitionProject, false},
		{"GET", "/v1/register", s.serveRegister, false},
		{"GET", "/v1/optouts", s.optOutStatus, false},
		{"POST", "/v1/optouts/{list}", s.loadOptOut, true},
		{"POST", "/v1/datasets/{dataset}/loads", s.loadDataset, true},
		{"GET", "/v1/mappings/{mapping}", s.showMapping, false},
		{"GET", "/v1/loads", s.listLoads, false},
		{"GET", "/v1/loads/{loadID}", s.showLoad, false},
		{"POST", "/v1/loads/{loadID}/retract", s.retractLoad, false},
		{"POST", "/v1/loads/{loadID}/retract/confirm", s.confirmRetraction, false},
		{"POST", "/v1/projects/{projectID}/queries", s.runQuery, false},
		{"POST", "/v1/projects/{projectID}/queries/check", s.checkQuery, false},
		{"GET", "/v1/questions", s.listQuestions, false},
		{"GET", "/v1/reviews", s.listReviews, false},
		{"GET", "/v1/reviews/{resultID}", s.showReview, false},
		{"POST", "/v1/reviews/{resultID}/approve", s.approveReview, false},
		{"POST", "/v1/reviews/{resultID}/reject", s.rejectReview, false},
	}
}

// allowed lists the methods the router serves on path, for the Allow header.
func (s *Server) allowed(mux *chi.Mux, path string) string {
	var methods []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if mux.Match(chi.NewRouteContext(), m, path) {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}

// New returns the API's handler.
func New(cfg Config) http.Handler {
	s := &Server{Config: cfg, metrics: newMetrics(cfg.Registry)}
	r := chi.NewRouter()
	r.Use(s.requestID, s.accessLog, s.recoverPanic)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, r, enclave.E(enclave.CodeNotFound, "no such route"))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Allow", s.allowed(r, req.URL.Path))
		s.problem(w, req, enclave.E(enclave.CodeMethodNotAllowed, req.Method+" is not allowed on this route"))
	})
	for _, rt := range s.routes() {
		limit := s.MaxBodyBytes
		if rt.stream && s.MaxUploadBytes > 0 {
			limit = s.MaxUploadBytes
		}
		mw := []func(http.Handler) http.Handler{s.limitBody(limit), s.authorize(rt.method + " " + rt.pattern)}
		if !rt.stream {
			mw = append(mw, s.timeout)
		}
		r.With(mw...).Method(rt.method, rt.pattern, rt.handler)
	}
	if cfg.Web == nil {
		return r
	}
	own := s.ownPaths()
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if own(req.URL.Path) {
			r.ServeHTTP(w, req)
			return
		}
		cfg.Web.ServeHTTP(w, req)
	})
}

// ownPaths reports the paths the API answers, even with a 404 or 405: /v1
// and below it, and the routes outside it (the probes, metrics, OpenAPI).
func (s *Server) ownPaths() func(path string) bool {
	top := map[string]bool{}
	for _, rt := range s.routes() {
		if !strings.HasPrefix(rt.pattern, "/v1/") {
			top[rt.pattern] = true
		}
	}
	return func(path string) bool {
		return path == "/v1" || strings.HasPrefix(path, "/v1/") || top[path]
	}
}
