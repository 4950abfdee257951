package pseudonym

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Frozen known answers (computed independently with Python's hmac module):
// changing them changes every pid already stored.
func TestPseudonymiseKnownAnswers(t *testing.T) {
	t.Parallel()
	n, _ := ParseNHSNumber("9434765919")
	local, _ := Local("leeds-gp", "H123456")
	tests := []struct {
		name string
		id   Identifier
		dev  bool
		want string
	}{
		{"nhs", NHS(n), false, "p1.c52fe61d9bac2ae3457796fd97b0b0aa3371a7a43f794ea26179c31521f49d19"},
		{"local", local, false, "p1.0dc837ecf462fd990c78ffdcd0cef2ea2b6a4ae67d20af1dced81cf569f0efd4"},
		{"nhs dev", NHS(n), true, "dev1.c52fe61d9bac2ae3457796fd97b0b0aa3371a7a43f794ea26179c31521f49d19"},
	}
	for _, tc := range tests {
		p := testKey(t, tc.dev).Pseudonymise(tc.id)
		if got := p.String(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
		if p.Dev() != tc.dev {
			t.Errorf("%s: Dev got %v, want %v", tc.name, p.Dev(), tc.dev)
		}
	}
}

func TestParsePseudonym(t *testing.T) {
	t.Parallel()
	h := strings.Repeat("0123456789abcdef", 4)
	for _, s := range []string{"p1." + h, "dev1." + h} {
		p, err := ParsePseudonym(s)
		if err != nil || p.String() != s || p.Dev() != strings.HasPrefix(s, "dev1.") {
			t.Errorf("ParsePseudonym(%.8s...): got %v, %v", s, p, err)
		}
	}
	bad := map[string]string{
		"empty":          "",
		"no prefix":      h,
		"upper prefix":   "P1." + h,
		"future version": "p2." + h,
		"upper hex":      "p1." + strings.ToUpper(h),
		"short":          "p1." + h[:62],
		"long":           "p1." + h + "00",
		"not hex":        "p1." + h[:63] + "g",
		"prefix only":    "dev1.",
	}
	for name, s := range bad {
		if _, err := ParsePseudonym(s); !errors.Is(err, ErrPseudonymFormat) {
			t.Errorf("%s: got %v, want ErrPseudonymFormat", name, err)
		}
	}
}

func TestPseudonymFromSum(t *testing.T) {
	t.Parallel()
	sum := bytes.Repeat([]byte{0xab}, 32)
	p, err := PseudonymFromSum(sum, false)
	if err != nil || p.Sum() != [32]byte(sum) || p.Dev() || p.IsZero() {
		t.Errorf("PseudonymFromSum: got %v, %v", p, err)
	}
	if _, err := PseudonymFromSum(sum[:31], false); !errors.Is(err, ErrPseudonymFormat) {
		t.Errorf("short sum: got %v, want ErrPseudonymFormat", err)
	}
	if !(Pseudonym{}).IsZero() {
		t.Error("zero Pseudonym is not IsZero")
	}
}

func TestPseudonymisePanicsOnZeroValues(t *testing.T) {
	t.Parallel()
	id, _ := Local("pas", "1")
	for name, f := range map[string]func(){
		"zero key":        func() { Key{}.Pseudonymise(id) },
		"zero identifier": func() { testKey(t, false).Pseudonymise(Identifier{}) },
		"zero key repseu": func() { Key{}.Repseudonymise(Pseudonym{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
