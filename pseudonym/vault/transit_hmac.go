package vault

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/vault/api"
	"golang.org/x/sync/errgroup"
)

// TransitOptions tune TransitHMAC. The zero value gives the defaults.
type TransitOptions struct {
	Mount     string        // transit mount, default "transit"
	BatchSize int           // messages per request, default 1000, at most MaxBatchSize
	InFlight  int           // requests in flight at once, default 4
	Retries   int           // retries per request on ErrUnavailable, default 3; negative for none
	Backoff   time.Duration // delay before the first retry, doubling up to MaxBackoff; default 100ms
}

// Defaults for TransitOptions, chosen with BenchmarkTransitHMAC: with a
// round trip of a few milliseconds, batches of 100 are latency-bound (about
// 25k HMACs/s one at a time) while 1000 per request and 4 in flight come
// close to what client and server CPU allow; bigger batches gain little and
// make each retry resend more. Vault runs concurrent HMAC requests on one
// key in parallel, and 4 per replica keeps a fleet of replicas from
// monopolising it.
const (
	DefaultBatchSize = 1000
	DefaultInFlight  = 4
	DefaultRetries   = 3
	DefaultBackoff   = 100 * time.Millisecond
	MaxBackoff       = 5 * time.Second
	// MaxBatchSize keeps a request well inside Vault's request-size and
	// JSON-array limits (listener max_request_size, max_json_* settings).
	MaxBatchSize = 10000
)

func (o TransitOptions) withDefaults() (TransitOptions, error) {
	if o.Mount == "" {
		o.Mount = DefaultMount
	}
	if o.BatchSize == 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.InFlight == 0 {
		o.InFlight = DefaultInFlight
	}
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.BatchSize < 1 || o.BatchSize > MaxBatchSize || o.InFlight < 1 {
		return o, fmt.Errorf("vault: batch size %d (1..%d) or in-flight %d (1 or more) out of range", o.BatchSize, MaxBatchSize, o.InFlight)
	}
	return o, checkPath("mount", o.Mount)
}

// TransitHMAC computes HMAC-SHA256 with a Vault transit key under a pinned
// key version; the key never leaves Vault. It is safe for concurrent use.
type TransitHMAC struct {
	client  *api.Client
	path    string // <mount>/hmac/<key>
	version int
	opts    TransitOptions
	retry   retryPolicy
}

// NewTransitHMAC checks that key exists in Vault and that keyVersion can
// generate HMACs, and returns a TransitHMAC pinned to that version.
//
// keyVersion must be 1 or more: 0 would mean "latest" to Vault, and a
// rotation would then silently change every pseudonym.
func NewTransitHMAC(ctx context.Context, client *Client, key string, keyVersion int, opts TransitOptions) (*TransitHMAC, error) {
	if keyVersion < 1 {
		return nil, fmt.Errorf("vault: transit key %q: key version must be pinned (1 or more), got %d: "+
			"an unpinned key would change every pseudonym when the key is rotated", key, keyVersion)
	}
	if err := checkKeyName(key); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	t := &TransitHMAC{
		client:  client.api,
		path:    opts.Mount + "/hmac/" + key,
		version: keyVersion,
		opts:    opts,
		retry:   retryPolicy{retries: opts.Retries, base: opts.Backoff, max: MaxBackoff},
	}
	var info keyInfo
	err = t.retry.do(ctx, func(ctx context.Context) (err error) {
		info, err = readKey(ctx, client.api, opts.Mount, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := info.checkUsable(opts.Mount+"/keys/"+key, keyVersion); err != nil {
		return nil, err
	}
	return t, nil
}

// KeyVersion is the pinned key version every HMAC is made with.
func (t *TransitHMAC) KeyVersion() int { return t.version }

// HMAC returns HMAC-SHA256 of each message under the pinned key version, in
// order. Messages go in batches of BatchSize, up to InFlight batches at
// once. It is all or nothing: on any failure (Vault sealed or unreachable
// after the retries, an item rejected, an answer under another version) it
// returns no results and the first error.
func (t *TransitHMAC) HMAC(ctx context.Context, messages [][]byte) ([][32]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([][32]byte, len(messages))
	if len(messages) == 0 {
		return out, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(t.opts.InFlight)
	for off := 0; off < len(messages) && gctx.Err() == nil; off += t.opts.BatchSize {
		end := min(off+t.opts.BatchSize, len(messages))
		g.Go(func() error { return t.batch(gctx, off, messages[off:end], out[off:end]) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
