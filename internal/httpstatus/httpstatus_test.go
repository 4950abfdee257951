package httpstatus

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRecorder(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(w http.ResponseWriter)
		want  int
	}{
		{"nothing written", func(http.ResponseWriter) {}, http.StatusOK},
		{"a body alone", func(w http.ResponseWriter) { _, _ = w.Write([]byte("x")) }, http.StatusOK},
		{"a status", func(w http.ResponseWriter) { w.WriteHeader(http.StatusTeapot) }, http.StatusTeapot},
		{"the first status", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK)
		}, http.StatusNotFound},
	} {
		rec := httptest.NewRecorder()
		r := Record(rec)
		c.write(r)
		if r.Status() != c.want {
			t.Errorf("%s: status %d, want %d", c.name, r.Status(), c.want)
		}
	}
	rec := httptest.NewRecorder()
	if err := http.NewResponseController(Record(rec)).Flush(); err != nil || !rec.Flushed {
		t.Errorf("flush through the recorder: %v, flushed %v", err, rec.Flushed)
	}
}
