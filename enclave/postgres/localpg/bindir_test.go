package localpg

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeBin creates dir holding empty executables with the given names.
func fakeBin(t *testing.T, dir string, names ...string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakePGConfig writes a pg_config that prints dir for --bindir.
func fakePGConfig(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pg_config")
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho '"+dir+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBinFinder(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	full := fakeBin(t, filepath.Join(tmp, "full"), "postgres", "initdb")
	empty := fakeBin(t, filepath.Join(tmp, "empty"))
	clientOnly := fakeBin(t, filepath.Join(tmp, "client"), "psql", "pg_config")
	versions := filepath.Join(tmp, "versions")
	fakeBin(t, filepath.Join(versions, "9.6", "bin"), "postgres", "initdb")
	fakeBin(t, filepath.Join(versions, "14", "bin"), "postgres", "initdb")
	fakeBin(t, filepath.Join(versions, "15", "bin"), "postgres", "initdb")
	fakeBin(t, filepath.Join(versions, "16", "bin"), "postgres") // no initdb: skipped
	fakeBin(t, filepath.Join(versions, "common", "bin"), "postgres", "initdb")
	noExec := fakeBin(t, filepath.Join(tmp, "noexec"), "postgres", "initdb")
	if err := os.Chmod(filepath.Join(noExec, "postgres"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		env      string
		pgConfig string
		roots    []string
		want     string   // dir, or "" for an error
		wantMsg  []string // in the error
	}{
		{name: "env var wins", env: full, roots: []string{versions}, want: full},
		{name: "env var dir is empty", env: empty, roots: []string{versions},
			wantMsg: []string{"ENCLAVE_PG_BINDIR=" + empty, "no postgres there"}},
		{name: "env var postgres not executable", env: noExec, wantMsg: []string{"not an executable"}},
		{name: "nothing anywhere", wantMsg: []string{"ENCLAVE_PG_BINDIR (unset)"}},
		{name: "empty root", roots: []string{filepath.Join(tmp, "missing")},
			wantMsg: []string{filepath.Join(tmp, "missing", "<major>", "bin")}},
		{name: "pg_config with server", pgConfig: fakePGConfig(t, full), roots: []string{versions}, want: full},
		{name: "client-only pg_config falls through", pgConfig: fakePGConfig(t, clientOnly), roots: []string{versions},
			want: filepath.Join(versions, "15", "bin")},
		{name: "client-only pg_config, no roots", pgConfig: fakePGConfig(t, clientOnly),
			wantMsg: []string{"--bindir = " + clientOnly}},
		{name: "pg_config not on PATH", pgConfig: "no-such-pg_config-xyz", wantMsg: []string{"not on PATH"}},
		{name: "highest major wins", roots: []string{versions}, want: filepath.Join(versions, "15", "bin")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := binFinder{
				getenv:   func(k string) string { return map[string]string{binDirEnv: tt.env}[k] },
				pgConfig: tt.pgConfig,
				roots:    tt.roots,
			}
			got, err := f.find()
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Fatalf("find() = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrNotInstalled) {
				t.Fatalf("find() = %q, %v; want an error wrapping ErrNotInstalled", got, err)
			}
			hints := []string{"apt-get install postgresql", "ENCLAVE_PG_BINDIR", "ENCLAVE_DATABASE_URL"}
			for _, want := range append(hints, tt.wantMsg...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   []int
		wantOK bool
	}{
		{"15", []int{15}, true},
		{"9.6", []int{9, 6}, true},
		{"common", nil, false},
		{"15beta", nil, false},
		{"", nil, false},
	}
	for _, tt := range tests {
		got, ok := parseVersion(tt.in)
		if ok != tt.wantOK || len(got) != len(tt.want) || (ok && got[0] != tt.want[0]) {
			t.Errorf("parseVersion(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
