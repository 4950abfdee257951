package web

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// proofDownload is an event's inclusion proof as `enclave audit prove
// --event N` writes it: a bundle of the latest signed checkpoint (a new one
// signed if none covers the event), the event's canonical bytes and the
// proof, which `enclave audit prove --check FILE` verifies with only the
// public key. Each step is the API route the CLI calls, authorised and
// recorded as that route. It is a POST because it may sign a checkpoint.
func (s *Server) proofDownload(w http.ResponseWriter, r *http.Request, sess *session) {
	seq, err := strconv.ParseUint(r.PathValue("seq"), 10, 62)
	if err != nil {
		s.fail(w, r, sess, enclave.E(enclave.CodeNotFound, "no such event"))
		return
	}
	b, err := s.inclusionBundle(r, sess, seq)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.FormatUint(seq, 10)+`-proof.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(b)
}

func (s *Server) inclusionBundle(r *http.Request, sess *session, seq uint64) (audit.Bundle, error) {
	ctx, actor, aud := r.Context(), s.actor(r, sess), s.Services.Audit
	if err := s.allow(r, sess, "GET /v1/audit/checkpoint"); err != nil {
		return audit.Bundle{}, err
	}
	signed, err := aud.SignedCheckpoint(ctx, actor, -1)
	if size, _ := audit.CheckpointSize(signed); enclave.ErrorCode(err) == enclave.CodeNotFound || err == nil && size <= seq {
		if err = s.allow(r, sess, "POST /v1/audit/checkpoints"); err == nil {
			signed, err = aud.Checkpoint(ctx, false)
		}
	}
	if err != nil {
		return audit.Bundle{}, err
	}
	size, err := audit.CheckpointSize(signed)
	if err != nil {
		return audit.Bundle{}, err
	}
	if err := s.allow(r, sess, actionEvents); err != nil {
		return audit.Bundle{}, err
	}
	evs, err := aud.Events(ctx, actor, enclave.AuditFilter{After: int64(seq) - 1, Limit: 1})
	if err != nil {
		return audit.Bundle{}, err
	}
	if len(evs) == 0 || evs[0].Seq != seq || seq >= size {
		return audit.Bundle{}, enclave.E(enclave.CodeNotFound, "no such event")
	}
	canonical, err := evs[0].Canonical()
	if err != nil {
		return audit.Bundle{}, err
	}
	if err := s.allow(r, sess, "GET /v1/audit/proofs/inclusion"); err != nil {
		return audit.Bundle{}, err
	}
	_, proof, err := aud.InclusionProof(ctx, actor, seq, size)
	if err != nil {
		return audit.Bundle{}, err
	}
	hexes := make([]string, len(proof))
	for i, h := range proof {
		hexes[i] = hex.EncodeToString(h)
	}
	return audit.Bundle{Type: audit.BundleInclusion, Checkpoint: string(signed), Index: seq, Event: string(canonical), Proof: hexes}, nil
}
