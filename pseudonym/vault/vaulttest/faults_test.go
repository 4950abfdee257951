package vaulttest_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestFailNext(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "k", "hmac")
	s.FailNext(2, http.StatusBadGateway)

	var statuses []int
	for range 3 {
		status, _ := call(t, c, http.MethodPost, "transit/hmac/k", map[string]any{"input": "YQ=="})
		statuses = append(statuses, status)
	}

	if want := []int{502, 502, 200}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
	if n := s.Requests("transit/hmac/k"); n != 3 {
		t.Errorf("Requests = %d, want 3 (failures count)", n)
	}
}

func TestDelay(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.Delay(time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	_, err := c.Logical().ReadWithContext(ctx, "transit/keys/k")

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
}

func TestCounters(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "k", "hmac")
	for n := range 3 {
		batch := make([]map[string]string, n+1)
		for i := range batch {
			batch[i] = map[string]string{"input": "YQ=="}
		}
		if _, err := c.Logical().Write("transit/hmac/k", map[string]any{"batch_input": batch}); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Requests("transit/hmac/k"); got != 3 {
		t.Errorf("Requests = %d, want 3", got)
	}
	if got := s.MaxBatchSize(); got != 3 {
		t.Errorf("MaxBatchSize = %d, want 3", got)
	}

	// Hold three requests in the server until all have arrived, then cancel
	// them: no dependence on how fast this machine schedules goroutines.
	s.Delay(time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { _, _ = c.Logical().ReadWithContext(ctx, "transit/keys/k") })
	}
	for deadline := time.Now().Add(10 * time.Second); s.MaxConcurrent() < 3 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if got := s.MaxConcurrent(); got != 3 {
		t.Errorf("MaxConcurrent = %d, want 3", got)
	}

	s.ResetCounters()
	if s.Requests("transit/hmac/k") != 0 || s.MaxBatchSize() != 0 {
		t.Errorf("counters not reset")
	}
}
