package pseudonym

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseNHSNumber(f *testing.F) {
	for _, s := range []string{"", " ", "9434765919", "943 476 5919", "943-476-5919",
		" 9434765919\n", "943 476-5919", "943  476 5919", "9991234560", "0000000000",
		"000 000 0000", "1234567890", "943476591X", "９４３４７６５９１９", "94347659190"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNHSNumber(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || Reason(err) == "unknown" || !n.IsZero() {
				t.Fatalf("error %v is not a sentinel *Error, or a value came with it", err)
			}
			assertNoInput(t, err.Error(), s)
			return
		}
		d := n.Digits()
		if len(d) != 10 || !isDigits(d) || d == "0000000000" {
			t.Fatalf("accepted a value whose digits are not ten digits (len %d)", len(d))
		}
		if check, _ := modulus11(d[:9]); check != int(d[9]-'0') {
			t.Fatal("accepted a value that fails Modulus 11")
		}
		if !strings.Contains(s, d[:3]) || !strings.Contains(s, d[6:]) {
			t.Fatal("digits do not come from the input")
		}
		for _, form := range []string{d, d[:3] + " " + d[3:6] + " " + d[6:], d[:3] + "-" + d[3:6] + "-" + d[6:]} {
			again, err := ParseNHSNumber(form)
			if err != nil || !again.Equal(n) {
				t.Fatalf("re-parse of an accepted value: %v", err)
			}
		}
		if n.String() != redactedNHS {
			t.Fatal("String does not redact")
		}
	})
}

func FuzzLocal(f *testing.F) {
	f.Add("leeds-gp", "H123456")
	f.Add("a", "x:y")
	f.Add("", "v")
	f.Add("A", "v")
	f.Add("pas", " v")
	f.Add("pas", "\x00")
	f.Add("pas", "\u200d")
	f.Add("pas", strings.Repeat("x", 129))
	f.Fuzz(func(t *testing.T, system, value string) {
		id, err := Local(system, value)
		if err != nil {
			if !errors.Is(err, ErrLocalSystem) && !errors.Is(err, ErrLocalValue) {
				t.Fatalf("unexpected error %v", err)
			}
			if !id.IsZero() {
				t.Fatal("a value came with the error")
			}
			assertNoInput(t, err.Error(), value)
			return
		}
		if !validLabel(system, maxSystemLen) || strings.Contains(system, ":") {
			t.Fatal("accepted a bad system name")
		}
		if len(value) < 1 || len(value) > maxValueLen || strings.ContainsFunc(value, func(r rune) bool {
			return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
		}) {
			t.Fatal("accepted a bad value")
		}
		if got := string(id.DomainMessage()); got != "local:"+system+":"+value {
			t.Fatal("domain message is not local:<system>:<value>")
		}
		// The message splits back one way only: the first ':' after the prefix.
		rest := strings.TrimPrefix(string(id.DomainMessage()), "local:")
		if sys, val, _ := strings.Cut(rest, ":"); sys != system || val != value {
			t.Fatal("domain message is ambiguous")
		}
		if out := id.String() + id.GoString(); !strings.Contains(redactedLocal, value) &&
			strings.Contains(out, value) {
			t.Fatal("String reveals the value")
		}
	})
}

func FuzzParsePseudonym(f *testing.F) {
	h := strings.Repeat("0123456789abcdef", 4)
	for _, s := range []string{"", "p1." + h, "dev1." + h, "p1." + strings.ToUpper(h), "p2." + h} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePseudonym(s)
		if err != nil {
			if !errors.Is(err, ErrPseudonymFormat) || p != (Pseudonym{}) {
				t.Fatalf("unexpected error %v or value", err)
			}
			return
		}
		if p.String() != s {
			t.Fatal("accepted a non-canonical text form")
		}
	})
}
