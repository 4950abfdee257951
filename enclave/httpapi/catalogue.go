package httpapi

import "net/http"

// serveCatalogue shows the datasets the enclave holds: their declarations
// only (columns, types, roles, sensitivity, minimum disclosure settings),
// never data.
func (s *Server) serveCatalogue(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Catalogue().View())
}
