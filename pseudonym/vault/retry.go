package vault

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// retryPolicy retries an idempotent Vault call. All calls this package
// retries are idempotent: an HMAC or a signature of the same input under the
// same pinned version is the same value, and reads change nothing.
type retryPolicy struct {
	retries int           // retries after the first attempt
	base    time.Duration // delay before the first retry
	max     time.Duration // cap on any one delay
}

// do runs call until it succeeds, fails with an error that is not worth
// retrying (anything but ErrUnavailable: a 4xx will not change), runs out of
// retries, or ctx ends. It returns call's last error.
func (p retryPolicy) do(ctx context.Context, call func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := call(ctx)
		if err == nil || !errors.Is(err, ErrUnavailable) || attempt >= p.retries || ctx.Err() != nil {
			return err
		}
		t := time.NewTimer(p.delay(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// delay is exponential backoff with jitter: base·2^attempt capped at max,
// then a uniformly random point in its upper half, so that replicas retrying
// together spread out while the delay keeps growing.
func (p retryPolicy) delay(attempt int) time.Duration {
	d := p.max
	if attempt < 30 && p.base<<attempt < p.max {
		d = p.base << attempt
	}
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
