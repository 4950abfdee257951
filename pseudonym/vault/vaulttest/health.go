package vaulttest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// health implements GET sys/health. It needs no token and answers even when
// sealed: 200 when unsealed and active, 503 when sealed, unless the caller
// overrides the code with activecode or sealedcode, as the api client's
// Sys().Health does (it asks for 299 so that a sealed Vault is not an error).
// The body is not wrapped in the envelope.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeErrors(w, http.StatusMethodNotAllowed, "unsupported operation")
		return
	}
	sealed := s.isSealed()
	code, param := http.StatusOK, "activecode"
	if sealed {
		code, param = http.StatusServiceUnavailable, "sealedcode"
	}
	if v := r.URL.Query().Get(param); v != "" {
		if c, err := strconv.Atoi(v); err == nil && c >= 200 && c <= 599 {
			code = c
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"initialized":                       true,
		"sealed":                            sealed,
		"standby":                           sealed,
		"performance_standby":               false,
		"replication_performance_mode":      "disabled",
		"replication_dr_mode":               "disabled",
		"server_time_utc":                   time.Now().Unix(),
		"version":                           "1.21.0+vaulttest",
		"enterprise":                        false,
		"cluster_name":                      "vaulttest",
		"cluster_id":                        "00000000-0000-0000-0000-000000000000",
		"echo_duration_ms":                  0,
		"clock_skew_ms":                     0,
		"replication_primary_canary_age_ms": 0,
	})
}
