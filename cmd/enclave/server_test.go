package main

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

var (
	servingRe   = regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)
	bootstrapRe = regexp.MustCompile(`(?m)^\s+(enclave_[A-Za-z0-9_-]{43})$`)
)

func TestServerBootstrapsAndServes(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	env := append(serverEnv(t, db), "ENCLAVE_MIGRATE_DATABASE_URL="+db.OwnerURL, "ENCLAVE_DATABASE_SERVICE_ROLE="+pgtest.ServiceRole)
	srv := start(t, []string{"server", "--migrate"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	token := srv.waitFor(t, bootstrapRe, srv.stdout)
	if strings.Contains(srv.stderr.String(), token) {
		t.Fatal("the bootstrap token was written to the log")
	}

	client := append(env[:0:0], "ENCLAVE_ADDR="+addr, "ENCLAVE_TOKEN="+token)
	out, err := runCmd(t, client, "whoami")
	if err != nil || !strings.Contains(out, "operator (operator)") {
		t.Fatalf("whoami: %v\n%s", err, out)
	}
	out, err = runCmd(t, client, "token", "create", "--principal", "rita", "--role", "researcher", "--ttl", "1h")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	rita := bootstrapRe.FindStringSubmatch(out)
	if rita == nil {
		t.Fatalf("token create printed no token:\n%s", out)
	}
	out, err = runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + rita[1]}, "token", "create", "--principal", "x", "--role", "operator")
	if err == nil || !strings.Contains(err.Error(), "role.not_permitted") {
		t.Errorf("researcher creating a token: %v\n%s", err, out)
	}
	out, err = runCmd(t, client, "token", "list")
	if err != nil || !strings.Contains(out, "rita") || strings.Contains(out, rita[1]) {
		t.Errorf("token list: %v\n%s", err, out)
	}
	// Every policy decision is counted, the services' as well as the routes'.
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`enclave_policy_decisions_total{action="GET /v1/whoami",outcome="allow"} 1`, `outcome="deny"`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if err := srv.stop(t); err != nil {
		t.Errorf("server returned %v on shutdown", err)
	}

	// A second start finds the operator and prints no new token.
	again := start(t, []string{"server"}, env)
	again.waitFor(t, servingRe, again.stderr)
	if bootstrapRe.MatchString(again.stdout.String()) {
		t.Error("second start printed another bootstrap token")
	}
}

func TestServerBootstrapFromFile(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	var out syncBuffer
	if err := run(t.Context(), []string{"token", "generate"}, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(out.String())
	file := filepath.Join(t.TempDir(), "bootstrap")
	if err := os.WriteFile(file, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := start(t, []string{"server"}, append(serverEnv(t, db), "ENCLAVE_BOOTSTRAP_TOKEN_FILE="+file))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if strings.Contains(srv.stdout.String(), token) {
		t.Error("a token from a file was printed")
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/v1/whoami", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("whoami with the bootstrap file's token: %d", resp.StatusCode)
	}
	if err := srv.stop(t); err != nil {
		t.Fatal(err)
	}
	// Once an operator exists the file is not read: removing it is fine.
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	again := start(t, []string{"server"}, append(serverEnv(t, db), "ENCLAVE_BOOTSTRAP_TOKEN_FILE="+file))
	again.waitFor(t, servingRe, again.stderr)
}

func TestServerRefusesBadBootstrapPrincipal(t *testing.T) {
	t.Parallel()
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_BOOTSTRAP_PRINCIPAL=Root Admin")
	if _, err := runCmd(t, env, "server"); err == nil || !strings.Contains(err.Error(), "principal id") {
		t.Errorf("server with a bad bootstrap principal: %v", err)
	}
}

// TestServerChecksApprovalSettings: the database enforces the approval
// counts the owner recorded at migrate; a server configured for others
// refuses to start, until migrate records its settings.
func TestServerChecksApprovalSettings(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_REVIEW_APPROVALS_REQUIRED=3")
	_, err := runCmd(t, env, "server")
	if err == nil || !strings.Contains(err.Error(), "ENCLAVE_REVIEW_APPROVALS_REQUIRED") || !strings.Contains(err.Error(), "2 for a held result") {
		t.Fatalf("a server asking for 3 officers where the database enforces 2: %v", err)
	}
	migrateEnv := append(env, "ENCLAVE_MIGRATE_DATABASE_URL="+db.OwnerURL, "ENCLAVE_DATABASE_SERVICE_ROLE="+pgtest.ServiceRole)
	if out, err := runCmd(t, migrateEnv, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	srv := start(t, []string{"server"}, env)
	srv.waitFor(t, servingRe, srv.stderr)
}

// serverEnv configures a dev-mode server on db with a fresh checkpoint key.
func serverEnv(t testing.TB, db *pgtest.DB) []string {
	t.Helper()
	skey, _, err := audit.NewDevSigner("enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	return []string{
		"ENCLAVE_DATABASE_URL=" + db.ServiceURL, "ENCLAVE_ADDR=127.0.0.1:0", "ENCLAVE_MODE=dev",
		"ENCLAVE_AUDIT_ORIGIN=enclave.test/audit", "ENCLAVE_AUDIT_SIGNER=file", "ENCLAVE_AUDIT_SIGNING_KEY=" + skey,
		"ENCLAVE_AUDIT_HMAC_KEY=" + base64.StdEncoding.EncodeToString([]byte("test-audit-hmac-key-of-32-bytes!")),
	}
}

func TestServerRefusesDevSignerInProduction(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_MODE=production")
	_, err := runCmd(t, env, "server")
	if err == nil || !strings.Contains(err.Error(), "dev mode only") {
		t.Errorf("production server with a file signer: %v", err)
	}
	env = append(serverEnv(t, db), "ENCLAVE_AUDIT_SIGNER=")
	if _, err := runCmd(t, env, "server"); err == nil || !strings.Contains(err.Error(), "ENCLAVE_AUDIT_SIGNER") {
		t.Errorf("server without a signer: %v", err)
	}
	env = append(serverEnv(t, db), "ENCLAVE_AUDIT_HMAC_KEY=c2hvcnQ=")
	if _, err := runCmd(t, env, "server"); err == nil || !strings.Contains(err.Error(), "ENCLAVE_AUDIT_HMAC_KEY") {
		t.Errorf("server with a short HMAC key: %v", err)
	}
}

func TestServerNeedsDatabaseURL(t *testing.T) {
	t.Parallel()
	_, err := runCmd(t, nil, "server")
	if err == nil || !strings.Contains(err.Error(), "ENCLAVE_DATABASE_URL") {
		t.Errorf("server without a database: %v", err)
	}
}

// TestMigrateConcurrentProcesses runs two real `enclave migrate` processes
// against one empty database at once.
func TestMigrateConcurrentProcesses(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	cmds := make([]*exec.Cmd, 2)
	outs := make([]*syncBuffer, 2)
	for i := range cmds {
		outs[i] = &syncBuffer{}
		cmds[i] = exec.Command(os.Args[0], "migrate")
		cmds[i].Env = append(os.Environ(), "ENCLAVE_TEST_MAIN=1", "ENCLAVE_MIGRATE_DATABASE_URL="+db.OwnerURL,
			"ENCLAVE_DATABASE_SERVICE_ROLE="+pgtest.ServiceRole, "ENCLAVE_CATALOGUE_DIR=../../catalogue")
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("migrate process %d: %v\n%s", i, err, outs[i])
		}
		if !strings.Contains(outs[i].String(), "schema version") {
			t.Errorf("migrate process %d said:\n%s", i, outs[i])
		}
	}
	// Both created or checked the catalogue's dataset tables.
	var tables int
	if err := db.Super(t).QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ds\_%\_v1'`).Scan(&tables); err != nil || tables != 5 {
		t.Errorf("%d dataset tables (%v), want the demo catalogue's 5", tables, err)
	}
}
