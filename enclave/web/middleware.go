package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/research-enclave/enclave/internal/httpstatus"
)

// securityHeaders are set on every response: no script or inline style, no
// framing, forms posted only here, no referrer sent on.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	"Referrer-Policy":         "no-referrer",
	"X-Content-Type-Options":  "nosniff",
	"Cache-Control":           "no-store",
}

type ctxKey int

const requestIDKey ctxKey = 0

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// headers sets the security headers and gives the request a random id,
// returned in X-Request-Id (a client's own id is never trusted).
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range securityHeaders {
			w.Header().Set(k, v)
		}
		id := randomID(8)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// logRequests logs each request by its page's pattern, never its URL
// (which can hold a search), with status and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := httpstatus.Record(w)
		next.ServeHTTP(sw, r)
		status := sw.Status()
		pattern := r.Pattern
		if pattern == "" {
			pattern = "unmatched"
		}
		s.Logger.InfoContext(r.Context(), "web request", "request_id", requestIDFrom(r.Context()), "method", r.Method,
			"route", pattern, "status", status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

// recoverPanic turns a panic into a logged 500 page without a stack trace.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.ErrorContext(r.Context(), "web panic", "request_id", requestIDFrom(r.Context()),
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.render(w, r, nil, http.StatusInternalServerError, "error", "Something went wrong",
					errorView{Message: "Something went wrong on our side. Nothing more was done."})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
