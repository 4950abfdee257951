package localpg

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// maxPortAttempts bounds retries when a port picked as free is taken before
// postgres binds it.
const maxPortAttempts = 5

// errPortInUse means postgres could not bind its port.
var errPortInUse = errors.New("port already in use")

// freePort asks the kernel for a free port on 127.0.0.1. Another process may
// take it before postgres binds it; Start then retries.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("localpg: pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// bindFailed reports whether postgres's output says it could not bind. Its
// log is the only place that says so; this is the one string test we make.
func bindFailed(logTail string) bool {
	for _, s := range []string{"could not bind", "Address already in use", "could not create any TCP/IP sockets"} {
		if strings.Contains(logTail, s) {
			return true
		}
	}
	return false
}
