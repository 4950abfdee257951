package localpg

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failed initdb must report its output and leave no half-made cluster for
// the next run to mistake for a real one.
func TestInitdbFailureLeavesNoCluster(t *testing.T) {
	t.Parallel()
	base := stateDir(t, 0o711) // the fake initdb must be reachable by the server user
	binDir := fakeBin(t, filepath.Join(base, "bin"), "postgres")
	script := `#!/bin/sh
echo "initdb: simulated failure" >&2
while [ $# -gt 0 ]; do [ "$1" = -D ] && echo 15 > "$2/PG_VERSION"; shift; done
exit 1
`
	if err := os.WriteFile(filepath.Join(binDir, "initdb"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "state")
	t.Cleanup(func() { os.RemoveAll(fallbackDir(dir)) })

	opts := testOptions(t, binDir, dir)
	for run := 1; run <= 2; run++ {
		_, err := Start(t.Context(), opts)
		if err == nil || !strings.Contains(err.Error(), "initdb") || !strings.Contains(err.Error(), "simulated failure") {
			t.Fatalf("run %d: Start = %v, want the initdb failure with its output", run, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "pgdata", "PG_VERSION")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("run %d: PG_VERSION after a failed initdb: stat err = %v, want not exist", run, err)
		}
	}
}

func TestStartRejectsBinDirWithoutServer(t *testing.T) {
	t.Parallel()
	_, err := Start(t.Context(), Options{Dir: t.TempDir(), BinDir: t.TempDir()})
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "Options.BinDir") {
		t.Errorf("Start = %v, want ErrNotInstalled naming Options.BinDir", err)
	}
}
