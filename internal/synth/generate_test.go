package synth

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestGenerateCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, t.TempDir(), Options{People: 300, Seed: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Generate(cancelled) error = %v, want context.Canceled", err)
	}
}

// TestGenerateCancelledMidway cancels once the first files exist, through a
// context whose Err turns non-nil after a few people.
func TestGenerateCancelledMidway(t *testing.T) {
	t.Parallel()
	ctx := &countdown{Context: context.Background(), left: 50}
	dir := t.TempDir()
	_, err := Generate(ctx, dir, Options{People: 500, Seed: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate error = %v, want context.Canceled", err)
	}
	if n := len(readTable(t, dir, "patients.csv").rows); n >= 500 || n == 0 {
		t.Errorf("wrote %d patients before stopping, want some but not all 500", n)
	}
}

// countdown is a context that reports cancellation after left calls to Err.
type countdown struct {
	context.Context
	left int
}

func (c *countdown) Err() error {
	if c.left--; c.left < 0 {
		return context.Canceled
	}
	return nil
}

func TestGenerateBadOptions(t *testing.T) {
	t.Parallel()
	day := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		opts Options
	}{
		{"no people", Options{}},
		{"negative people", Options{People: -1}},
		{"too many people", Options{People: maxPeople + 1}},
		{"window reversed", Options{People: 1, Start: day(2025), End: day(2020)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Generate(context.Background(), t.TempDir(), tt.opts); err == nil {
				t.Errorf("Generate(%+v) = nil error, want one", tt.opts)
			}
		})
	}
}

func TestGenerateMissingDir(t *testing.T) {
	t.Parallel()
	_, err := Generate(context.Background(), t.TempDir()+"/absent", Options{People: 1})
	if err == nil {
		t.Error("Generate into a missing directory: nil error, want one")
	}
}
