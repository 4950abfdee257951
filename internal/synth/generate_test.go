package synth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

func TestReadmeNamesTheRangeUsed(t *testing.T) {
	t.Parallel()
	opts, err := Options{People: 1}.normalised()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lowest int
		want   string
	}{{999, "in the 999 000 0000 - 999 999 9999 range"}, {994, "in the 994 000 0000 - 999 999 9999 range"}} {
		dir := t.TempDir()
		if err := writeReadme(dir, opts, tt.lowest); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "README.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ReplaceAll(string(b), "\n", " "), tt.want) {
			t.Errorf("lowest prefix %d: README.txt does not say %q", tt.lowest, tt.want)
		}
	}
}
