package importrule_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/internal/importrule"
)

const module = "example.com/enclave"

// TestFind: each rule, on imports made up to break it or to keep it, by
// files in and around the packages it allows.
func TestFind(t *testing.T) {
	t.Parallel()
	rules := importrule.Rules(module)
	for _, c := range []struct {
		file, imp string
		broken    bool
	}{
		{"enclave/postgres/queryrun.go", "github.com/jackc/pgx/v5", false},
		{"enclave/postgres/pgtest/conn.go", "github.com/jackc/pgx/v5", false},
		{"enclave/postgres/localpg/ready.go", "github.com/jackc/pgx/v5/pgconn", false},
		{"enclave/postgres/migrate.go", "github.com/jackc/tern/v2/migrate", false},
		{"enclave/answer/answer.go", "github.com/jackc/pgx/v5", true},
		{"enclave/httpapi/queries_test.go", "github.com/jackc/pgx/v5", true},
		{"enclave/postgresql/store.go", "github.com/jackc/pgx/v5", true},
		{"cmd/enclave/audit_test.go", "github.com/jackc/pgx/v5/pgxpool", true},
		{"enclave/httpapi/server.go", "github.com/go-chi/chi/v5", false},
		{"enclave/httpapi/server.go", "github.com/go-chi/chi/v5/middleware", false},
		{"enclave/web/middleware.go", "github.com/go-chi/chi/v5/middleware", true},
		{"enclave/answer/answer.go", "github.com/go-chi/chi/v5", true},
		{"cmd/enclave/server.go", "github.com/go-chi/chi/v5/middleware", true},
		{"policies/engine.go", "github.com/open-policy-agent/opa/v1/rego", false},
		{"enclave/projects.go", "github.com/open-policy-agent/opa/v1/rego", true},
		{"enclave/httpapi/main_test.go", "github.com/open-policy-agent/opa/v1/ast", true},
		{"pseudonym/vault/client.go", "github.com/hashicorp/vault/api", false},
		{"pseudonym/vault/vaulttest/server.go", "github.com/hashicorp/vault/api", false},
		{"pseudonym/vault/config_test.go", "github.com/hashicorp/vault/api", false},
		{"cmd/enclave/keysource.go", "github.com/hashicorp/vault/api", true},
		{"pseudonym/pseudonym.go", "github.com/hashicorp/vault/api", true},
		{"deploy/helm_test.go", "helm.sh/helm/v4/pkg/engine", false},
		{"deploy/chart_test.go", "k8s.io/api/core/v1", false},
		{"cmd/enclave/server_test.go", "helm.sh/helm/v4/pkg/engine", true},
		{"internal/services/set.go", "k8s.io/api/core/v1", true},
		{"enclave/httpapi/server.go", "sigs.k8s.io/yaml", true},
		{"enclave/answer/answer.go", "github.com/jackcompany/sql", false},
		{"cmd/enclave/server.go", module + "/enclave/postgres", false},
		{"internal/app/app.go", module + "/enclave/postgres", false},
		{"enclave/postgres/pgtest/pgtest.go", module + "/enclave/postgres", false},
		{"enclave/ingest/ingest_test.go", module + "/enclave/postgres/pgtest", false},
		{"enclave/ingest/service.go", module + "/enclave/postgres", true},
		{"enclave/answer/answer.go", module + "/enclave/httpapi", true},
		{"enclave/projects.go", module + "/policies", true},
		{"enclave/ingest/service.go", module + "/pseudonym/vault", true},
		{"pseudonym/pseudonymiser.go", module + "/pseudonym/vault", true},
		{"enclave/answer/answer.go", module + "/enclave/disclosure", false},
		{"enclave/answer/answer.go", "context", false},
	} {
		got := importrule.Find(rules, []importrule.File{{Path: c.file, Imports: []string{c.imp}}})
		if broken := len(got) > 0; broken != c.broken {
			t.Errorf("%s importing %s: violations %v, want broken %v", c.file, c.imp, got, c.broken)
		}
	}
}

// TestReadModuleFindsAViolation: a module with one file breaking a rule,
// beside files the go command ignores that would break it too, reports
// that file alone.
func TestReadModuleFindsAViolation(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		path = filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const pgx = "package p\n\nimport _ \"github.com/jackc/pgx/v5\"\n"
	write("go.mod", "module "+module+"\n\ngo 1.26\n")
	write("enclave/postgres/db.go", "package postgres\n\nimport (\n\t\"context\"\n\n\t\"github.com/jackc/pgx/v5\"\n)\n")
	write("enclave/answer/answer.go", "//go:build never\n\n"+pgx)
	write("enclave/answer/testdata/fixture.go", pgx)
	write("enclave/answer/_old/old.go", pgx)
	write("tools/go.mod", "module example.com/tools\n")
	write("tools/tool.go", pgx)
	mod, files, err := importrule.ReadModule(root)
	if err != nil || mod != module || len(files) != 2 {
		t.Fatalf("ReadModule: module %q, %d files, %v; want %q and 2 files", mod, len(files), err, module)
	}
	got := importrule.Find(importrule.Rules(mod), files)
	if len(got) != 1 || got[0].File != "enclave/answer/answer.go" || got[0].Import != "github.com/jackc/pgx/v5" {
		t.Errorf("violations %v, want enclave/answer/answer.go importing pgx", got)
	}
}

// TestModuleKeepsTheImportRules holds this module to the rules.
func TestModuleKeepsTheImportRules(t *testing.T) {
	t.Parallel()
	mod, files, err := importrule.ReadModule("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The rules must be checked against the real files: the store's
	// imports of pgx prove that they were read.
	read := slices.ContainsFunc(files, func(f importrule.File) bool {
		return f.Path == "enclave/postgres/db.go" && slices.Contains(f.Imports, "github.com/jackc/pgx/v5")
	})
	if len(files) < 100 || !read {
		t.Fatalf("read %d files of module %s, enclave/postgres/db.go's imports read: %v", len(files), mod, read)
	}
	for _, v := range importrule.Find(importrule.Rules(mod), files) {
		t.Error(v)
	}
}
