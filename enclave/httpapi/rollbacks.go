package httpapi

import (
	"encoding/hex"
	"net/http"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// rollbackRequest is the body of an acknowledgement or a lifting: why.
type rollbackRequest struct {
	Reason string `json:"reason"`
}

// logView is a size and root of the audit log.
type logView struct {
	Size uint64 `json:"size"`
	Root string `json:"root"`
}

// rollbackView is an acknowledged rollback as the API shows it.
type rollbackView struct {
	Seq            uint64    `json:"seq,omitempty"` // of the acknowledgement's event; 0 in the acknowledgement's own answer
	Saved          logView   `json:"saved"`
	SavedAt        time.Time `json:"saved_at,omitzero"`
	Found          logView   `json:"found"`
	Anchor         string    `json:"anchor,omitempty"`
	AcknowledgedBy string    `json:"acknowledged_by"`
	AcknowledgedAt time.Time `json:"acknowledged_at"`
}

func rollbackViewOf(r enclave.RollbackRecord) rollbackView {
	rb := r.Rollback
	return rollbackView{
		Seq:   r.Seq,
		Saved: logView{Size: rb.SavedSize, Root: hex.EncodeToString(rb.SavedRoot[:])}, SavedAt: rb.SavedAt,
		Found:          logView{Size: rb.FoundSize, Root: hex.EncodeToString(rb.FoundRoot[:])},
		Anchor:         rb.Where,
		AcknowledgedBy: r.AcknowledgedBy, AcknowledgedAt: r.AcknowledgedAt,
	}
}

// rollbackReason reads the request's reason; the service checks it.
func (s *Server) rollbackReason(w http.ResponseWriter, r *http.Request) (string, bool) {
	if s.Rollbacks == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "this server keeps no checkpoint outside the database, so it finds no rollback"))
		return "", false
	}
	var req rollbackRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return "", false
	}
	return req.Reason, true
}

func (s *Server) acknowledgeRollback(w http.ResponseWriter, r *http.Request) {
	reason, ok := s.rollbackReason(w, r)
	if !ok {
		return
	}
	rec, err := s.Rollbacks.Acknowledge(r.Context(), s.actor(r), reason)
	if err != nil && rec.AcknowledgedBy == "" {
		s.problem(w, r, err)
		return
	}
	out := map[string]any{"rollback": rollbackViewOf(rec)}
	if err != nil {
		// Acknowledged, but the anchor still holds the old checkpoint.
		out["warning"] = err.Error()
		s.Logger.WarnContext(r.Context(), "rollback acknowledged; checkpoint not kept yet", "err", err)
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) liftRollbackHold(w http.ResponseWriter, r *http.Request) {
	reason, ok := s.rollbackReason(w, r)
	if !ok {
		return
	}
	lifted, err := s.Rollbacks.Lift(r.Context(), s.actor(r), reason)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	views := make([]rollbackView, len(lifted))
	for i, l := range lifted {
		views[i] = rollbackViewOf(l)
	}
	writeJSON(w, http.StatusOK, map[string]any{"lifted": views})
}
