package lp

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

func TestContext(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	lower, upper := nonneg(2)
	p := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{dense(LE, 4, 1, 1)}}
	s, err := New(context.Background(), p, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"cancelled", cancelled, context.Canceled},
		{"deadline passed", expired, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.ctx, p, Limits{}); !errors.Is(err, tt.want) {
				t.Errorf("New error = %v, want %v", err, tt.want)
			}
			if _, _, err := s.Optimize(tt.ctx, []float64{1, 1}, true); !errors.Is(err, tt.want) {
				t.Errorf("Optimize error = %v, want %v", err, tt.want)
			}
		})
	}
}

// expiring is a context that turns cancelled after its first Err call, so
// that only the checks made between pivots can see it.
type expiring struct {
	context.Context
	calls int
}

func (e *expiring) Err() error {
	e.calls++
	if e.calls > 1 {
		return context.Canceled
	}
	return nil
}

// TestContextBetweenPivots checks that a long phase 1 looks at its context
// while it pivots, not only when it starts.
func TestContextBetweenPivots(t *testing.T) {
	t.Parallel()
	g, hidden := randomTable(rand.New(rand.NewPCG(3, 3)), []int{5, 5, 5, 5}, 0.2)
	p, _ := g.attacker(hidden)
	ctx := &expiring{Context: context.Background()}
	if _, err := New(ctx, p, Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("New error = %v, want %v", err, context.Canceled)
	}
	if ctx.calls < 2 {
		t.Errorf("the context was checked %d times, want at least 2", ctx.calls)
	}
}

// TestTooLarge checks that a problem whose tableau would take 800 MB is
// refused before anything near that is allocated.
func TestTooLarge(t *testing.T) {
	const n, m = 100_000, 1_000
	lower, upper := nonneg(n)
	p := Problem{Lower: lower, Upper: upper}
	for i := range m {
		p.Constraints = append(p.Constraints, Constraint{Vars: []int{i}, Coefs: []float64{1}, Sense: EQ, RHS: 1})
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := New(context.Background(), p, Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("New error = %v, want %v", err, ErrTooLarge)
	}
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(8*n*m/100); got > limit {
		t.Errorf("New allocated %d bytes, want at most %d", got, limit)
	}
	small := Problem{Lower: lower[:3], Upper: upper[:3], Constraints: []Constraint{
		dense(EQ, 1, 1, 1, 1), dense(LE, 1, 1, 0, 0), dense(GE, 0, 0, 1, 0),
	}}
	// 3 rows × (3 variables + 2 slacks) = 15 entries.
	for _, tt := range []struct {
		entries int
		want    error
	}{{14, ErrTooLarge}, {15, nil}} {
		if _, err := New(context.Background(), small, Limits{MaxEntries: tt.entries}); !errors.Is(err, tt.want) {
			t.Errorf("MaxEntries %d: New error = %v, want %v", tt.entries, err, tt.want)
		}
	}
}

func TestMaxPivots(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	// The slacks start feasible, so New needs no pivot; the maximum needs two.
	p := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
		dense(LE, 4, 1, 0), dense(LE, 12, 0, 2), dense(LE, 18, 3, 2),
	}}
	s, err := New(context.Background(), p, Limits{MaxPivots: 1})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, _, err := s.Optimize(context.Background(), []float64{3, 5}, true); !errors.Is(err, ErrPivots) {
		t.Errorf("Optimize error = %v, want %v", err, ErrPivots)
	}
	// The basis is still feasible: the minimum needs no pivot.
	if got, x, err := s.Optimize(context.Background(), []float64{3, 5}, false); err != nil || got != 0 {
		t.Errorf("Optimize after ErrPivots = %v, %v, %v, want 0", got, x, err)
	}
	equalities := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{dense(EQ, 1, 1, 1), dense(EQ, 0, 1, -1)}}
	if _, err := New(context.Background(), equalities, Limits{MaxPivots: 1}); !errors.Is(err, ErrPivots) {
		t.Errorf("New error = %v, want %v", err, ErrPivots)
	}
}
