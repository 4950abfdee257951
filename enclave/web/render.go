package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

//go:embed templates/*.html
var templateFS embed.FS

// staticFS holds the style sheet, served under /static/.
//
//go:embed static
var staticFS embed.FS

// pages are the templates by name, each the layout with its own content.
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"time":      func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
	"join":      strings.Join,
	"columnUse": columnUse,
	"has":       slices.Contains[[]string],
	"add":       func(a, b int) int { return a + b },
}

func loadPages() (pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// The layout and the parts pages share (files named _*.html).
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, err
	}
	ps := pages{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web template %s: %w", n, err)
		}
		ps[name] = t
	}
	return ps, nil
}

// view is what the layout needs of every page.
type view struct {
	Title string
	User  *Identity
	Data  any
}

// render writes page name with data; sess is nil when no one is signed in.
// The page is rendered to a buffer first, so that a template error is a
// 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, sess *session, status int, name, title string, data any) {
	v := view{Title: title, Data: data}
	if sess != nil {
		v.User = &sess.ident
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.Logger.ErrorContext(r.Context(), "web template", "request_id", requestIDFrom(r.Context()), "page", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the error page's content.
type errorView struct {
	Message string
	Reasons []enclave.Reason
}

// statuses maps the enclave's error codes to HTTP statuses, as the API does.
var statuses = map[enclave.Code]int{
	enclave.CodeInvalid: http.StatusBadRequest, enclave.CodeUnauthenticated: http.StatusUnauthorized,
	enclave.CodeForbidden: http.StatusForbidden, enclave.CodeNotFound: http.StatusNotFound,
	enclave.CodeConflict: http.StatusConflict, enclave.CodeTooLarge: http.StatusRequestEntityTooLarge,
	enclave.CodeUnavailable: http.StatusServiceUnavailable, enclave.CodeRollback: http.StatusServiceUnavailable,
}

// fail shows err as an error page: the enclave error's message and the
// policy's reasons; anything else only in the log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, sess *session, err error) {
	status, ok := statuses[enclave.ErrorCode(err)]
	var e *enclave.Error
	if !ok || !errors.As(err, &e) {
		s.Logger.ErrorContext(r.Context(), "web error", "request_id", requestIDFrom(r.Context()), "error", err)
		s.render(w, r, sess, http.StatusInternalServerError, "error", "Something went wrong",
			errorView{Message: "Something went wrong on our side. Nothing more was done."})
		return
	}
	title := map[int]string{http.StatusForbidden: "Not allowed", http.StatusNotFound: "Not found",
		http.StatusUnauthorized: "Please sign in"}[status]
	if title == "" {
		title = "That did not work"
	}
	s.render(w, r, sess, status, "error", title, errorView{Message: e.Message, Reasons: e.Reasons})
}
