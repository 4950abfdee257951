package localpg

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// holdEnv makes the test binary, re-run by TestServerDiesWithParent, start a
// cluster in the named dir, print its pid and wait to be killed.
const holdEnv = "LOCALPG_TEST_HOLD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(holdEnv); dir != "" {
		os.Exit(holdCluster(dir))
	}
	os.Exit(m.Run())
}

func holdCluster(dir string) int {
	c, err := Start(context.Background(), Options{Dir: dir, Settings: testSettings})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("pid=%d\n", c.proc.pid())
	select {}
}

func TestServerDiesWithParent(t *testing.T) {
	t.Parallel()
	binDir := requireBinDir(t)
	dir := stateDir(t, 0o711)
	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), holdEnv+"="+dir, binDirEnv+"="+binDir)
	holder.Stderr = t.Output()
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n') // the holder exits on failure, so this returns
	pid, convErr := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "pid=")))
	if err != nil || convErr != nil {
		t.Fatalf("holder did not report a pid: %q, %v", line, err)
	}

	holder.Process.Kill() // SIGKILL: no chance to Stop; Pdeathsig must act
	holder.Wait()
	deadline := time.Now().Add(15 * time.Second)
	for running(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("postgres pid %d still running 15s after its parent was killed", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}

	c, err := Start(t.Context(), testOptions(t, binDir, dir)) // crash recovery
	if err != nil {
		t.Fatalf("Start after the parent was killed: %v", err)
	}
	if err := c.Stop(t.Context()); err != nil {
		t.Errorf("Stop: %v", err)
	}
}

// running reports whether pid exists and is not a zombie: an orphan is
// reaped by pid 1, whenever that gets round to it.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}
