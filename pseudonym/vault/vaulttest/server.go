package vaulttest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
)

// Server is a running Vault double. Its methods are safe for concurrent use.
type Server struct {
	srv          *httptest.Server
	token        string
	transitMount string
	kvMount      string

	mu       sync.Mutex
	keys     map[string]*transitKey
	secrets  map[string]*kvSecret
	sealed   bool
	failN    int
	failCode int
	delay    time.Duration
	requests map[string]int
	ops      map[string]map[string]bool
	maxBatch int

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the only token the server accepts (default "test-root-token").
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithTransitMount mounts the transit engine at path (default "transit").
func WithTransitMount(path string) Option { return func(s *Server) { s.transitMount = path } }

// WithKVMount mounts the KV version 2 engine at path (default "secret").
func WithKVMount(path string) Option { return func(s *Server) { s.kvMount = path } }

// NewServer starts a Vault double, unsealed and empty, and stops it when t
// ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		token:        "test-root-token",
		transitMount: "transit",
		kvMount:      "secret",
		keys:         make(map[string]*transitKey),
		secrets:      make(map[string]*kvSecret),
		requests:     make(map[string]int),
		ops:          make(map[string]map[string]bool),
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

// Addr is the server's base URL, as VAULT_ADDR would hold it.
func (s *Server) Addr() string { return s.srv.URL }

// Token is the token the server accepts.
func (s *Server) Token() string { return s.token }

// Client returns a real Vault API client for the server, with the server's
// token, a 10 s request timeout and the client's own retries switched off
// (MaxRetries 0), so that every call is exactly one HTTP request and the
// fault counters stay exact.
func (s *Server) Client(t testing.TB) *api.Client {
	t.Helper()
	cfg := api.DefaultConfig()
	if cfg.Error != nil {
		t.Fatalf("vault api config: %v", cfg.Error)
	}
	cfg.Address = s.Addr()
	cfg.MaxRetries = 0
	cfg.Timeout = 10 * time.Second
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatalf("vault api client: %v", err)
	}
	c.SetToken(s.token)
	c.ClearNamespace()
	t.Cleanup(cfg.HttpClient.CloseIdleConnections)
	return c
}

// ServeHTTP applies the injected faults, then Vault's own order of checks:
// sys/health answers even when sealed and needs no token; every other path
// fails with 503 while sealed, then with 403 without the right token.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	if !ok {
		writeErrors(w, http.StatusNotFound)
		return
	}
	defer s.track(r, path)()
	// Read the body before any delay: only then does net/http watch the
	// connection and cancel r.Context() when the client gives up.
	buf, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 32<<20))
	if err != nil {
		writeErrors(w, http.StatusRequestEntityTooLarge, "request body too large")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(buf))
	if !s.wait(r) {
		return
	}
	if code, fail := s.takeFailure(); fail {
		writeErrors(w, code, "injected failure")
		return
	}
	if path == "sys/health" {
		s.health(w, r)
		return
	}
	if s.isSealed() {
		writeErrors(w, http.StatusServiceUnavailable, "Vault is sealed")
		return
	}
	if !s.authorised(r) {
		writeErrors(w, http.StatusForbidden, "permission denied")
		return
	}
	switch {
	case strings.HasPrefix(path, s.transitMount+"/"):
		s.transit(w, r, strings.TrimPrefix(path, s.transitMount+"/"))
	case strings.HasPrefix(path, s.kvMount+"/"):
		s.kv(w, r, strings.TrimPrefix(path, s.kvMount+"/"))
	default:
		writeErrors(w, http.StatusNotFound, "no handler for route \""+path+"\". route entry not found.")
	}
}
