package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestServerQueryDatabase: the server refuses a query database that is not
// a hot standby of its own, naming the variable; given one and told to
// refuse rather than fall back, it is ready only while the standby answers.
func TestServerQueryDatabase(t *testing.T) {
	db := pgtest.New(t)
	_, err := runCmd(t, append(serverEnv(t, db), "ENCLAVE_QUERY_DATABASE_URL="+db.ServiceURL), "server")
	if err == nil || !strings.Contains(err.Error(), "ENCLAVE_QUERY_DATABASE_URL") || !strings.Contains(err.Error(), "not a hot standby") {
		t.Fatalf("a server given the primary as its query database: %v", err)
	}

	standby := db.NewStandby(t)
	srv := start(t, []string{"server"}, append(serverEnv(t, db),
		"ENCLAVE_QUERY_DATABASE_URL="+standby.ServiceURL, "ENCLAVE_QUERY_STANDBY_FALLBACK=refuse"))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if !strings.Contains(srv.stderr.String(), `"msg":"research queries run on a hot standby"`) || strings.Contains(srv.stderr.String(), "service-test-password") {
		t.Errorf("the log does not say queries run on the standby, or shows its password:\n%s", srv.stderr)
	}
	if code, body := readyz(t, addr); code != http.StatusOK || !strings.Contains(body, `"query_database":"ok"`) {
		t.Errorf("/readyz with the standby up: %d %s", code, body)
	}
	standby.Stop(t)
	if code, body := readyz(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(body, `"query_database":"failing"`) {
		t.Errorf("/readyz with the standby down: %d %s", code, body)
	}
}
