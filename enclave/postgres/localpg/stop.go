package localpg

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"
)

const (
	defaultStopTimeout = 10 * time.Second // for SIGINT, when ctx has no deadline
	quitGrace          = 5 * time.Second  // for SIGQUIT before SIGKILL
	killGrace          = 5 * time.Second  // for SIGKILL to be reaped
)

// Stop shuts the server down and reaps it: SIGINT (fast shutdown), then when
// ctx ends (default 10s) SIGQUIT (immediate shutdown), then SIGKILL to its
// whole process group. An error means the shutdown was not clean. Calling
// Stop again returns nil.
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.stopped = true
	if err := c.proc.shutdown(ctx); err != nil {
		c.log.Warn("localpg: postgres stop was not clean", "cluster", c, "err", err)
		return err
	}
	c.log.Info("localpg: postgres stopped", "cluster", c)
	return nil
}

// shutdown stops the child and returns once it is reaped (or unkillable).
func (p *process) shutdown(ctx context.Context) error {
	if p.exited() {
		return fmt.Errorf("localpg: postgres had already exited (%v); last lines of %s:\n%s", p.err, p.logPath, p.tail())
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultStopTimeout)
		defer cancel()
	}
	p.signal(syscall.SIGINT)
	select {
	case <-p.done:
		if p.err != nil {
			return fmt.Errorf("localpg: postgres fast shutdown: %w; last lines of %s:\n%s", p.err, p.logPath, p.tail())
		}
		return nil
	case <-ctx.Done():
	}
	p.signal(syscall.SIGQUIT)
	if p.waitFor(quitGrace) {
		return fmt.Errorf("localpg: postgres did not stop after SIGINT (%w); stopped it with SIGQUIT", ctx.Err())
	}
	// The postmaster ignored SIGQUIT and is not yet reaped, so its pid still
	// names its group: kill the postmaster and any backends left with it.
	_ = syscall.Kill(-p.pid(), syscall.SIGKILL)
	if p.waitFor(killGrace) {
		return fmt.Errorf("localpg: postgres ignored SIGINT and SIGQUIT (%w); killed it", ctx.Err())
	}
	return fmt.Errorf("localpg: postgres (pid %d) still running %s after SIGKILL", p.pid(), killGrace)
}

// signal ignores errors: they mean the child is already gone, which the
// wait that follows tells.
func (p *process) signal(sig os.Signal) { _ = p.cmd.Process.Signal(sig) }

// waitFor reports whether the child was reaped within d.
func (p *process) waitFor(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}
