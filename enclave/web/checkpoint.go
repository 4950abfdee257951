package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// checkpointView is the latest signed checkpoint and the public key that
// verifies it, or Missing before the first is signed.
type checkpointView struct {
	Signed  string
	Key     string
	Missing bool
}

// checkpointPage shows the latest signed checkpoint, as GET
// /v1/audit/checkpoint does (which records the read), with the command to
// verify the log against it offline.
func (s *Server) checkpointPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/audit/checkpoint"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	signed, err := s.Services.Audit.SignedCheckpoint(r.Context(), s.actor(r, sess), -1)
	v := checkpointView{Signed: string(signed), Key: s.Services.Audit.VerifierKey, Missing: enclave.ErrorCode(err) == enclave.CodeNotFound}
	if err != nil && !v.Missing {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "checkpoint", "Latest checkpoint", v)
}
