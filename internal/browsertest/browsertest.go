// Package browsertest drives a real, headless Chromium from Go tests
// (chromedp), for the web interface's journeys: Debian's chromium, which
// .ci/run installs when it is missing. Without it a test skips with a loud
// reason, except under CI=true, where it fails, as the PostgreSQL tests do.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Binary finds the browser: ENCLAVE_CHROMIUM, else chromium or
// chromium-browser on the PATH.
func Binary() (string, error) {
	if p := os.Getenv("ENCLAVE_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

// New starts a headless browser for t, with a fresh profile, and returns a
// context to run chromedp actions in; the browser stops when t ends. Each
// action list should run under a deadline (Run does).
func New(t testing.TB) context.Context {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		msg := "no Chromium (install Debian's chromium, or set ENCLAVE_CHROMIUM): browser tests cannot run"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPED: " + msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.DisableGPU,
		// The machine's network is closed: no background connections.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run its sandbox as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// Do runs steps in the browser of ctx under a deadline, failing t with
// what was being done.
func Do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	Get(t, ctx, what, chromedp.Steps(steps...))
}

// Get runs an action that returns a value (the text of an element, the
// page's location) under a deadline, failing t with what was being done.
func Get[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	if err := started(ctx); err != nil {
		t.Fatalf("browser: start: %v", err)
	}
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(rctx, a)
	if err != nil {
		t.Fatalf("browser: %s: %v", what, err)
	}
	return v
}

// started starts the browser of ctx, if it is not running yet, without a
// deadline: the first run's context is the browser's lifetime.
func started(ctx context.Context) error {
	_, err := chromedp.Run(ctx, chromedp.Func(func(context.Context, *chromedp.Target) error { return nil }))
	return err
}

// Screenshot saves a full-page PNG of the current page to dir/name.png
// (quality 100 asks Chromium for PNG).
func Screenshot(t testing.TB, ctx context.Context, dir, name string) {
	t.Helper()
	png := Get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
