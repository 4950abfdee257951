package pseudonym

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestLocalPseudonymiser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ids := testIdentifiers(t, 3*ctxCheckEvery+5)
	for _, dev := range []bool{false, true} {
		k := testKey(t, dev)
		lp := LocalPseudonymiser{Key: k}
		got, err := lp.Pseudonymise(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			if want := k.Pseudonymise(id); got[i] != want {
				t.Fatalf("dev=%v: batch item %d differs from the single call", dev, i)
			}
		}
		if lp.KeyVersion() != 3 || lp.Dev() != dev {
			t.Errorf("KeyVersion, Dev: got %d %v", lp.KeyVersion(), lp.Dev())
		}
	}
	lp := LocalPseudonymiser{Key: testKey(t, false)}
	if out, err := lp.Pseudonymise(ctx, nil); err != nil || out == nil || len(out) != 0 {
		t.Errorf("empty batch: got %v, %v", out, err)
	}
	withZero := append(ids[:2:2], Identifier{})
	if _, err := lp.Pseudonymise(ctx, withZero); !errors.Is(err, ErrZeroIdentifier) ||
		!strings.Contains(err.Error(), "identifier 2 of 3") {
		t.Errorf("zero identifier: got %v", err)
	}
	if _, err := (LocalPseudonymiser{}).Pseudonymise(ctx, ids); !errors.Is(err, ErrZeroKey) {
		t.Errorf("zero key: got %v, want ErrZeroKey", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := lp.Pseudonymise(cancelled, ids); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// testIdentifiers returns n distinct valid NHS-number identifiers.
func testIdentifiers(t testing.TB, n int) []Identifier {
	t.Helper()
	ids := make([]Identifier, 0, n)
	for prefix := 400000000; len(ids) < n; prefix++ {
		check, _ := modulus11(itoa9(prefix))
		if check == 10 {
			continue
		}
		nhs, err := ParseNHSNumber(itoa9(prefix) + string(rune('0'+check)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, NHS(nhs))
	}
	return ids
}

func itoa9(v int) string {
	var b [9]byte
	for i := 8; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}
