package localpg

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// process is a running postgres child and the goroutine that reaps it.
type process struct {
	cmd     *exec.Cmd
	logPath string
	logFrom int64         // where this run's output starts in the log
	done    chan struct{} // closed once the child is reaped
	err     error         // cmd.Wait's result; read only after done
}

// spawn starts postgres on 127.0.0.1:port as a direct child of ours, in its
// own process group, killed by SIGQUIT if our thread dies, with output
// appended to logPath. Extra settings follow ours, so they can override them.
func spawn(binDir, pgdata string, port int, settings map[string]string, u *serverUser, logPath string) (*process, error) {
	logf, from, err := openLog(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child holds its own descriptor
	args := []string{"-D", pgdata, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="}
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		args = append(args, "-c", k+"="+settings[k])
	}
	cmd := exec.Command(filepath.Join(binDir, "postgres"), args...)
	cmd.Dir = pgdata
	cmd.Env = childEnv()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:    true,
		Pdeathsig:  syscall.SIGQUIT,
		Credential: u.credential(),
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("localpg: start postgres in %s: %w", pgdata, err)
	}
	p := &process{cmd: cmd, logPath: logPath, logFrom: from, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// exited reports whether the child has been reaped.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// tail returns the last lines this run wrote to the log.
func (p *process) tail() string { return logTail(p.logPath, p.logFrom) }

// childEnv is our environment without PG* variables, which would otherwise
// steer initdb, postgres and pg_isready away from the flags we pass.
func childEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PG")
	})
}
