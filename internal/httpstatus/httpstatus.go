// Package httpstatus records the status code a handler writes, for the
// access logs of the HTTP API and the web pages.
package httpstatus

import "net/http"

// Recorder is an http.ResponseWriter that remembers the first status
// written. Unwrap lets http.ResponseController reach the connection (to
// flush, or to extend the deadlines of streaming routes).
type Recorder struct {
	http.ResponseWriter
	status int
}

// Record wraps w.
func Record(w http.ResponseWriter) *Recorder { return &Recorder{ResponseWriter: w} }

// Status is the status written: 200 when the handler wrote a body without
// one, or nothing at all.
func (r *Recorder) Status() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *Recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *Recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped writer.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
