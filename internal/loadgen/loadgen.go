// Package loadgen drives a bounded load at an enclave server on this
// machine: a number of concurrent clients, each asking what a mix function
// gives it, until a total number of requests is sent or a duration has
// passed, whichever comes first. It refuses any address that is not a
// loopback one and any run without a bound, so that it cannot be pointed at
// a production service or left running. It reports, for each kind of
// request, how many were answered, their statuses, the latency percentiles
// and the throughput, and the server's memory sampled during the run.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MaxClients bounds Config.Clients.
const MaxClients = 1024

// Config says what to run.
type Config struct {
	// BaseURL is the server, such as http://127.0.0.1:8080; its host must
	// be a loopback address or "localhost".
	BaseURL string
	// Clients is how many clients ask at once, 1 to MaxClients.
	Clients int
	// Requests stops the run after that many requests in all; Duration
	// after that long. At least one must be set.
	Requests int
	Duration time.Duration
	// Mix gives client (0 to Clients-1) its next request; prev is the
	// answer to its previous one, nil at first, so that a client can act
	// on what it got (submit the draft it created).
	Mix func(client int, prev *Answer) Request
	// MemoryEvery, when set, samples the server's memory from its
	// /metrics that often during the run.
	MemoryEvery time.Duration
	// HTTP is the client; nil means one made for the run.
	HTTP *http.Client
}

// Request is one request of the mix.
type Request struct {
	Kind   string // what the report groups it under, such as "query"
	Method string
	Path   string // below BaseURL, with its query string
	Token  string // bearer token
	Body   string // JSON, or ""
}

// Answer is what a request got.
type Answer struct {
	Request
	Status  int // 0 when no answer came
	Body    []byte
	Latency time.Duration
	Err     error
}

// Run runs the load described by c until its bound or ctx ends.
func Run(ctx context.Context, c Config) (*Report, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if c.HTTP == nil {
		c.HTTP = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.Clients}, Timeout: time.Minute}
	}
	if c.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Duration)
		defer cancel()
	}
	rep := newReport()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	memDone := make(chan struct{})
	go func() {
		defer close(memDone)
		if c.MemoryEvery > 0 {
			rep.Memory = sampleMemory(runCtx, c.HTTP, c.BaseURL+"/metrics", c.MemoryEvery)
		}
	}()
	var sent atomic.Int64
	var wg sync.WaitGroup
	began := time.Now()
	for client := range c.Clients {
		wg.Go(func() {
			var prev *Answer
			for runCtx.Err() == nil {
				if c.Requests > 0 && sent.Add(1) > int64(c.Requests) {
					return
				}
				a := c.send(runCtx, c.Mix(client, prev))
				if runCtx.Err() != nil && a.Status == 0 {
					return // cut off by the end of the run: not an answer
				}
				rep.add(a)
				prev = &a
			}
		})
	}
	wg.Wait()
	rep.Elapsed = time.Since(began)
	stop()
	<-memDone
	return rep, nil
}

func (c Config) check() error {
	switch {
	case c.Clients < 1 || c.Clients > MaxClients:
		return fmt.Errorf("loadgen: clients must be 1 to %d, not %d", MaxClients, c.Clients)
	case c.Requests < 0 || c.Duration < 0:
		return errors.New("loadgen: requests and duration must not be negative")
	case c.Requests == 0 && c.Duration == 0:
		return errors.New("loadgen: give a number of requests or a duration: an unbounded run is refused")
	case c.Mix == nil:
		return errors.New("loadgen: no mix of requests")
	}
	return checkLoopback(c.BaseURL)
}

// send makes one request and reads its whole answer.
func (c Config) send(ctx context.Context, r Request) Answer {
	a := Answer{Request: r}
	req, err := http.NewRequestWithContext(ctx, r.Method, c.BaseURL+r.Path, strings.NewReader(r.Body))
	if err != nil {
		a.Err = err
		return a
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	if r.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	began := time.Now()
	resp, err := c.HTTP.Do(req)
	if err == nil {
		a.Body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		a.Status = resp.StatusCode
	}
	a.Latency, a.Err = time.Since(began), err
	return a
}
