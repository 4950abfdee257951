package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// eventView is an audit event as the API shows it.
type eventView struct {
	Seq        uint64          `json:"seq"`
	Time       time.Time       `json:"time"`
	PrevRoot   string          `json:"prev_root"`
	Principal  string          `json:"principal"`
	Role       string          `json:"role"`
	Kind       audit.Kind      `json:"kind"`
	TargetType string          `json:"target_type"`
	TargetID   string          `json:"target_id"`
	Outcome    audit.Outcome   `json:"outcome"`
	Decision   *decisionView   `json:"decision"`
	RequestID  string          `json:"request_id"`
	Body       json.RawMessage `json:"body"`
}

type decisionView struct {
	Allow    bool     `json:"allow"`
	Reasons  []string `json:"reasons"`
	Revision string   `json:"revision"`
}

func viewOf(e audit.Event) eventView {
	body := e.Body
	if len(body) == 0 {
		body = json.RawMessage("{}")
	}
	var d *decisionView
	if e.Decision != nil {
		d = &decisionView{Allow: e.Decision.Allow, Reasons: e.Decision.Reasons, Revision: e.Decision.Revision}
	}
	return eventView{
		Seq: e.Seq, Time: e.Time, PrevRoot: hex.EncodeToString(e.PrevRoot[:]), Principal: e.Principal, Role: e.Role,
		Kind: e.Kind, TargetType: e.TargetType, TargetID: e.TargetID, Outcome: e.Outcome,
		Decision: d, RequestID: e.RequestID, Body: body,
	}
}

func (s *Server) auditEvents(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	events, err := s.Audit.Events(r.Context(), s.actor(r), f)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	views := make([]eventView, len(events))
	for i, e := range events {
		views[i] = viewOf(e)
	}
	out := map[string]any{"events": views}
	if len(events) == f.Limit {
		out["next_after"] = events[len(events)-1].Seq
	}
	writeJSON(w, http.StatusOK, out)
}

// auditLog streams the canonical events [from, to) as NDJSON: each line is
// exactly the bytes that were hashed, so a verifier hashes lines as they are.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	from, to, err := exportBounds(r)
	var exp enclave.Export[[]byte]
	if err == nil {
		exp, err = s.Audit.ExportEvents(r.Context(), s.actor(r), from, to)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.streamLines(w, r, "export", func(write func([]byte) error) error {
		return exp.Each(r.Context(), write)
	})
}

// auditColumns streams the copies the store keeps of events [from, to)
// (audit.Columns) as NDJSON, as they are, for `audit verify` to compare
// with the events it verified (the jsonb copy only where the database
// found it different).
func (s *Server) auditColumns(w http.ResponseWriter, r *http.Request) {
	from, to, err := exportBounds(r)
	var exp enclave.Export[audit.Columns]
	if err == nil {
		exp, err = s.Audit.ExportColumns(r.Context(), s.actor(r), from, to)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.streamLines(w, r, "columns", func(write func([]byte) error) error {
		var line []byte
		return exp.Each(r.Context(), func(c audit.Columns) error {
			line = c.AppendJSON(line[:0])
			return write(line)
		})
	})
}

// exportBounds reads the query parameters from and to of an export: -1
// where one is not given (the whole log by default).
func exportBounds(r *http.Request) (int64, int64, error) {
	q := r.URL.Query()
	from, err := intParam(q.Get("from"), "from", -1, 0, 1<<62)
	if err != nil {
		return 0, 0, err
	}
	to, err := intParam(q.Get("to"), "to", -1, 0, 1<<62)
	return from, to, err
}

// streamLines streams the lines export writes, one per line, ending with
// the trailer that says whether it completed.
func (s *Server) streamLines(w http.ResponseWriter, r *http.Request, what string, export func(write func([]byte) error) error) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	// The trailer tells a complete export from one cut off by an error: the
	// status (200) is sent before the first event.
	w.Header().Set("Trailer", exportTrailer)
	// A long log takes long; the server's write timeout is for other routes.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(exportDeadline))
	err := export(func(line []byte) error {
		if _, err := w.Write(line); err != nil {
			return err
		}
		_, err := w.Write([]byte{'\n'})
		return err
	})
	if err != nil {
		w.Header().Set(exportTrailer, "incomplete")
		s.Logger.WarnContext(r.Context(), "audit export ended early", "request_id", requestIDFrom(r.Context()), "what", what, "err", err)
		return
	}
	w.Header().Set(exportTrailer, "complete")
}

// exportTrailer is the HTTP trailer that ends an export: "complete", or
// "incomplete" when the server stopped early.
const exportTrailer = "X-Audit-Export"

// exportDeadline bounds one export (about 8 s per million events here).
const exportDeadline = time.Hour

func (s *Server) auditCheckpoint(w http.ResponseWriter, r *http.Request) {
	size, err := intParam(r.URL.Query().Get("size"), "size", -1, 0, 1<<62)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	signed, err := s.Audit.SignedCheckpoint(r.Context(), s.actor(r), size)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeText(w, http.StatusOK, signed)
}

func (s *Server) signCheckpoint(w http.ResponseWriter, r *http.Request) {
	signed, err := s.Audit.Checkpoint(r.Context(), false)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeText(w, http.StatusCreated, signed)
}

func (s *Server) auditKey(w http.ResponseWriter, r *http.Request) {
	writeText(w, http.StatusOK, []byte(s.Audit.VerifierKey+"\n"))
}

func writeText(w http.ResponseWriter, code int, b []byte) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}
