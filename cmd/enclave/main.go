// Command enclave is the research data enclave's one binary: the server
// (`enclave server`), its self-contained demo (`enclave demo`), migrations
// (`enclave migrate`) and the client commands that talk to the server's API.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "enclave:", err)
		os.Exit(1)
	}
}

// run executes one command line. Tests call it directly.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	cmd := newRootCommand(&app{environ: environ, stdout: stdout, stderr: stderr})
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	return cmd.ExecuteContext(ctx)
}
