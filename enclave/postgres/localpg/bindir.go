package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNotInstalled means the PostgreSQL server binaries could not be found.
var ErrNotInstalled = errors.New("PostgreSQL server binaries (postgres, initdb) not found")

// binDirEnv names the environment variable that overrides the search.
const binDirEnv = "ENCLAVE_PG_BINDIR"

const fixHint = "to fix: install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql), " +
	"set " + binDirEnv + " to the directory holding postgres and initdb, " +
	"or set ENCLAVE_DATABASE_URL to use an existing server"

// FindBinDir returns the directory holding the PostgreSQL server binaries.
func FindBinDir(getenv func(string) string) (string, error) {
	f := binFinder{getenv: getenv, pgConfig: "pg_config", roots: []string{"/usr/lib/postgresql"}}
	return f.find()
}

// binFinder holds the search places, so tests can replace them.
type binFinder struct {
	getenv   func(string) string
	pgConfig string   // command run as `pgConfig --bindir`; "" skips it
	roots    []string // each holds <major>/bin; the highest major wins
}

func (f binFinder) find() (string, error) {
	if dir := f.getenv(binDirEnv); dir != "" {
		if err := hasServer(dir); err != nil {
			return "", notInstalled([]string{fmt.Sprintf("%s=%s (%v)", binDirEnv, dir, err)})
		}
		return dir, nil
	}
	looked := []string{binDirEnv + " (unset)"}
	dir, note := f.fromPGConfig()
	if dir != "" {
		return dir, nil
	}
	if note != "" {
		looked = append(looked, note)
	}
	for _, root := range f.roots {
		if dir := highestMajor(root); dir != "" {
			return dir, nil
		}
		looked = append(looked, filepath.Join(root, "<major>", "bin")+" (none with postgres and initdb)")
	}
	return "", notInstalled(looked)
}

// fromPGConfig returns the directory pg_config reports if it holds the
// server, else a note on why not. Debian's client-only pg_config says /usr/bin.
func (f binFinder) fromPGConfig() (dir, note string) {
	if f.pgConfig == "" {
		return "", ""
	}
	path, err := exec.LookPath(f.pgConfig)
	if err != nil {
		return "", f.pgConfig + " (not on PATH)"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--bindir").Output()
	if err != nil {
		return "", fmt.Sprintf("%s --bindir (%v)", path, err)
	}
	dir = strings.TrimSpace(string(out))
	if err := hasServer(dir); err != nil {
		return "", fmt.Sprintf("%s --bindir = %s (%v)", path, dir, err)
	}
	return dir, ""
}

// highestMajor returns root/<major>/bin for the highest major holding the server.
func highestMajor(root string) string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	var best []int
	var bestDir string
	for _, e := range entries {
		v, ok := parseVersion(e.Name())
		dir := filepath.Join(root, e.Name(), "bin")
		if !ok || slices.Compare(v, best) <= 0 || hasServer(dir) != nil {
			continue
		}
		best, bestDir = v, dir
	}
	return bestDir
}

// parseVersion parses "15" or "9.6" into comparable parts.
func parseVersion(s string) ([]int, bool) {
	var v []int
	for part := range strings.SplitSeq(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return nil, false
		}
		v = append(v, n)
	}
	return v, true
}

// hasServer reports whether dir holds executable postgres and initdb.
func hasServer(dir string) error {
	for _, name := range []string{"postgres", "initdb"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("no %s there", name)
		}
		if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("%s there is not an executable file", name)
		}
	}
	return nil
}

func notInstalled(looked []string) error {
	return fmt.Errorf("localpg: %w; looked in: %s; %s", ErrNotInstalled, strings.Join(looked, ", "), fixHint)
}
