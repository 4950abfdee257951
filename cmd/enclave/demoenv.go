package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// The demo's database and principals.
const (
	demoDatabase  = "enclave"
	demoOwnerRole = "enclave_owner"
	demoTokenTTL  = 90 * 24 * time.Hour
)

var demoPrincipals = []struct {
	id   string
	role enclave.Role
	key  string // its token's variable in demo.env
}{
	{"demo-operator", enclave.RoleOperator, "ENCLAVE_TOKEN_OPERATOR"}, // first: it issues the others
	{"demo-researcher", enclave.RoleResearcher, "ENCLAVE_TOKEN_RESEARCHER"},
	{"demo-governance", enclave.RoleGovernance, "ENCLAVE_TOKEN_GOVERNANCE"},
	// A second officer, so that the demo project is approved with four eyes.
	{"demo-governance-2", enclave.RoleGovernance, "ENCLAVE_TOKEN_GOVERNANCE_2"},
	{"demo-auditor", enclave.RoleAuditor, "ENCLAVE_TOKEN_AUDITOR"},
}

var demoOperator = enclave.Actor{Principal: enclave.Principal{ID: demoPrincipals[0].id, Role: enclave.RoleOperator}}

type demoURLs struct{ owner, service string }

// prepareDemoDatabase provisions the roles (with fresh passwords on every
// start, so none is stored) and the database.
func prepareDemoDatabase(ctx context.Context, cluster *localpg.Cluster, serviceRole string) (demoURLs, error) {
	roles := postgres.Roles{Owner: demoOwnerRole, OwnerPassword: randomPassword(), Service: serviceRole, ServicePassword: randomPassword()}
	if err := postgres.Provision(ctx, cluster.URL("postgres"), roles, demoDatabase); err != nil {
		return demoURLs{}, err
	}
	return demoURLs{
		owner:   roleURL(cluster, roles.Owner, roles.OwnerPassword),
		service: roleURL(cluster, roles.Service, roles.ServicePassword),
	}, nil
}

func roleURL(c *localpg.Cluster, user, password string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", user, password, c.Port(), demoDatabase)
}

func randomPassword() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// demoTokens reuses the tokens in path that still authenticate and issues
// new ones for the rest, then rewrites path (mode 0600) with the address.
// The officers are bootstrapped by the owner role (ownerURL) on first
// start; the auditor is enrolled by the operator and approved by an officer,
// as every auditor is.
func demoTokens(ctx context.Context, tokens *enclave.Tokens, ownerURL, path, addr string) (map[string]string, error) {
	env, err := readEnvFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{"ENCLAVE_ADDR": addr}
	officers, err := bootstrapDemoOfficers(ctx, ownerURL)
	if err != nil {
		return nil, err
	}
	for _, p := range demoPrincipals {
		key := p.key
		if secret, ok := officers[p.id]; ok {
			out[key] = secret
			continue
		}
		if got, _, err := tokens.Authenticate(ctx, env[key]); err == nil && got.ID == p.id {
			out[key] = env[key]
			continue
		}
		if out[key], err = demoToken(ctx, tokens, p.id, p.role); err != nil {
			return nil, fmt.Errorf("demo token for %s: %w", p.id, err)
		}
	}
	out["ENCLAVE_TOKEN"] = out["ENCLAVE_TOKEN_RESEARCHER"]
	return out, writeEnvFile(path, out)
}

// bootstrapDemoOfficers enrols the demo's officers with fresh tokens on
// first start, and returns their secrets; none once they exist.
func bootstrapDemoOfficers(ctx context.Context, ownerURL string) (map[string]string, error) {
	secrets := map[string]string{}
	var seeds []enclave.OfficerSeed
	for _, o := range demoOfficers {
		secret, err := enclave.GenerateTokenSecret()
		if err != nil {
			return nil, err
		}
		hash, _ := enclave.ParseToken(secret)
		secrets[o.Principal.ID] = secret
		seeds = append(seeds, enclave.OfficerSeed{ID: o.Principal.ID, Hash: hash})
	}
	created, err := bootstrapOfficers(ctx, ownerURL, seeds)
	if err != nil || !created {
		return nil, err
	}
	return secrets, nil
}

// demoToken issues a demo token for principal id: the operator's at
// bootstrap, the others as the operator, with an officer approving an
// auditor's enrolment.
func demoToken(ctx context.Context, tokens *enclave.Tokens, id string, role enclave.Role) (string, error) {
	if role == enclave.RoleOperator {
		issued, created, err := tokens.Bootstrap(ctx, id, "", demoTokenTTL)
		if err != nil || created {
			return issued.Secret, err
		}
	}
	_, existed, err := tokens.Store.Principal(ctx, id)
	if err != nil {
		return "", err
	}
	pending := !existed && role == enclave.RoleAuditor
	issued, err := tokens.Issue(ctx, demoOperator, enclave.TokenRequest{PrincipalID: id, Role: role, TTL: demoTokenTTL, Description: "demo", Pending: pending})
	if err == nil && pending {
		_, err = tokens.ApproveEnrolment(ctx, demoOfficers[0], id, "demo")
	}
	return issued.Secret, err
}

var demoEnvOrder = []string{"ENCLAVE_ADDR", "ENCLAVE_TOKEN", "ENCLAVE_TOKEN_RESEARCHER", "ENCLAVE_TOKEN_GOVERNANCE", "ENCLAVE_TOKEN_GOVERNANCE_2", "ENCLAVE_TOKEN_AUDITOR", "ENCLAVE_TOKEN_OPERATOR"}

func writeEnvFile(path string, env map[string]string) error {
	var b strings.Builder
	b.WriteString("# Written by 'enclave demo'. Load with: set -a; . " + path + "; set +a\n")
	b.WriteString("# ENCLAVE_TOKEN is the researcher's; use another role with e.g. ENCLAVE_TOKEN=$ENCLAVE_TOKEN_OPERATOR.\n")
	for _, k := range demoEnvOrder {
		fmt.Fprintf(&b, "%s=%s\n", k, env[k])
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// readEnvFile reads KEY=value lines; a missing file is empty.
func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			env[k] = v
		}
	}
	return env, sc.Err()
}

func printDemoHelp(w io.Writer, dir string, env map[string]string) {
	fmt.Fprintf(w, `
The enclave demo is serving on http://%[1]s (Ctrl-C stops it and its PostgreSQL).
Tokens for every role are in %[2]s/demo.env. In another shell:

  set -a; . %[2]s/demo.env; set +a
  enclave whoami                                          # as the researcher
  ENCLAVE_TOKEN=$ENCLAVE_TOKEN_OPERATOR enclave token list
  ENCLAVE_TOKEN=$ENCLAVE_TOKEN_AUDITOR enclave audit events
  ENCLAVE_TOKEN=$ENCLAVE_TOKEN_AUDITOR enclave audit verify --key-file %[2]s/audit.vkey --state audit-state.json --init  # later runs: without --init
  curl -s http://%[1]s/readyz

The web pages are at http://%[1]s/ (docs/web.md). Sign in by pasting a role's token
from %[2]s/demo.env into the sign-in page:
  researcher          ENCLAVE_TOKEN_RESEARCHER
  governance officer  ENCLAVE_TOKEN_GOVERNANCE (or ENCLAVE_TOKEN_GOVERNANCE_2)
  auditor             ENCLAVE_TOKEN_AUDITOR
  operator            ENCLAVE_TOKEN_OPERATOR
  for example: grep ENCLAVE_TOKEN_RESEARCHER %[2]s/demo.env | cut -d= -f2
The public register needs no sign-in: http://%[1]s/register

`, env["ENCLAVE_ADDR"], dir)
}
