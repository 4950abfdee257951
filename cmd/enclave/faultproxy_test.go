package main

import (
	"io"
	"net"
	"sync"
	"testing"
)

// switchable is a loopback TCP proxy that can be switched off, as a Vault
// whose host went down: while off it drops every connection, open ones
// included, and accepts new ones only to close them.
type switchable struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	off   bool
	conns map[net.Conn]bool
}

func newSwitchable(t *testing.T, target string) *switchable {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &switchable{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.set(true) })
	go p.serve()
	return p
}

// Addr is the proxy's address, host:port.
func (p *switchable) Addr() string { return p.ln.Addr().String() }

// set switches the proxy off (true) or on (false).
func (p *switchable) set(off bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.off = off
	if off {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

func (p *switchable) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.pipe(c)
	}
}

func (p *switchable) pipe(c net.Conn) {
	u, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(c, u) {
		c.Close()
		if u != nil {
			u.Close()
		}
		return
	}
	go func() { _, _ = io.Copy(u, c); u.Close() }()
	_, _ = io.Copy(c, u)
	c.Close()
}

// track records an open pair, unless the proxy is off.
func (p *switchable) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return false
	}
	for _, c := range conns {
		p.conns[c] = true
	}
	return true
}
