package loadgen

import (
	"fmt"
	"net"
	"net/url"
)

// checkLoopback refuses a base URL whose host is not a loopback address
// (127.0.0.0/8, ::1) or "localhost": a load is for a server on this
// machine, never a shared one.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("loadgen: %q is not an http(s) URL such as http://127.0.0.1:8080", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("loadgen: %s is not a loopback address: a load runs only against a server on this machine (127.0.0.1, ::1 or localhost)", host)
}
