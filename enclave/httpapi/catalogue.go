package httpapi

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// serveCatalogue shows the datasets the enclave holds: their declarations
// only (columns, types, roles, sensitivity, minimum disclosure settings),
// never data.
func (s *Server) serveCatalogue(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Catalogue().View())
}

// reloadCatalogue re-reads the catalogue and mapping files, as SIGHUP does.
func (s *Server) reloadCatalogue(w http.ResponseWriter, r *http.Request) {
	if s.Reload == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "this server cannot reload its files"))
		return
	}
	res, err := s.Reload.Reload(r.Context(), s.actor(r))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
