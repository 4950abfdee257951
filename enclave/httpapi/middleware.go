package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/httpstatus"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	requestInfoKey
)

// requestInfo is filled in as the request goes down the chain and read by the
// access log on the way back.
type requestInfo struct {
	principal enclave.Principal
	token     string // the id of the token the request authenticated with
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func tokenFrom(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.token
	}
	return ""
}

func principalFrom(ctx context.Context) enclave.Principal {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.principal
	}
	return enclave.Anonymous
}

// requestID gives every request a random id, returned in X-Request-Id. A
// client-supplied id is not trusted (it could carry anything into the log).
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, requestInfoKey, &requestInfo{principal: enclave.Anonymous})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// accessLog logs and counts each request by route pattern, never by URL.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := httpstatus.Record(w)
		next.ServeHTTP(sw, r)
		status := sw.Status()
		pattern := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			pattern = rc.RoutePattern()
		}
		d := time.Since(start)
		s.metrics.observe(r.Method, pattern, status, d)
		s.Logger.InfoContext(r.Context(), "request",
			"request_id", requestIDFrom(r.Context()), "method", r.Method, "route", pattern,
			"status", status, "duration_ms", float64(d.Microseconds())/1000,
			"principal", principalFrom(r.Context()).ID)
	})
}

// recoverPanic turns a panic into a logged 500 without a stack trace for the
// client.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.ErrorContext(r.Context(), "panic", "request_id", requestIDFrom(r.Context()),
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.problem(w, r, enclave.E(enclave.CodeInternal, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody caps a route's request body at limit bytes; decodeJSON turns
// the overflow into 413.
func (s *Server) limitBody(limit int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > limit {
				s.problem(w, r, enclave.E(enclave.CodeTooLarge, "request body exceeds "+strconv.FormatInt(limit, 10)+" bytes"))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			next.ServeHTTP(w, r)
		})
	}
}

// timeout bounds the work done for one request.
func (s *Server) timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
