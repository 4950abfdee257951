package pseudonym

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNHSNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // digits on success
		err      error
	}{
		{"ten digits", "9434765919", "9434765919", nil},
		{"spaces 3-3-4", "943 476 5919", "9434765919", nil},
		{"hyphens 3-3-4", "943-476-5919", "9434765919", nil},
		{"trimmed tabs and newline", "\t9434765919\r\n", "9434765919", nil},
		{"check digit 11 becomes 0", "9876543210", "9876543210", nil},
		{"synthetic 999 range", "9990000018", "9990000018", nil},
		{"empty", "", "", ErrEmpty},
		{"whitespace only", " \t ", "", ErrEmpty},
		{"nine digits", "943476591", "", ErrLength},
		{"eleven digits", "94347659190", "", ErrLength},
		{"nine digits grouped", "943 476 591", "", ErrLength},
		{"mixed separators", "943 476-5919", "", ErrFormat},
		{"double space", "943  476 5919", "", ErrFormat},
		{"grouping 3-4-3", "943 4765 919", "", ErrFormat},
		{"one gap only", "943 4765919", "", ErrFormat},
		{"leading separator", "-9434765919", "", ErrFormat},
		{"dots", "943.476.5919", "", ErrFormat},
		{"letter", "943476591X", "", ErrFormat},
		{"inner tab", "943\t476\t5919", "", ErrFormat},
		{"non-breaking space", "943\u00a0476\u00a05919", "", ErrFormat},
		{"fullwidth digits", "９４３４７６５９１９", "", ErrFormat},
		{"check digit mismatch", "9434765918", "", ErrChecksum},
		{"check digit computes to 10", "1234567890", "", ErrChecksum},
		{"999 with check 10", "9991234560", "", ErrChecksum},
		{"999 zeros with check 10", "9990000000", "", ErrChecksum},
		{"all zeros never issued", "0000000000", "", ErrNeverIssued},
		{"all zeros grouped", "000 000 0000", "", ErrNeverIssued},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := ParseNHSNumber(tc.in)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("ParseNHSNumber: got error %v, want %v", err, tc.err)
			}
			if got := n.Digits(); got != tc.want {
				t.Errorf("Digits: got %q, want %q", got, tc.want)
			}
			if n.IsZero() != (tc.err != nil) {
				t.Errorf("IsZero: got %v, want %v", n.IsZero(), tc.err != nil)
			}
		})
	}
}

// The facts pinned by the vectors' README: some public tools accept these.
func TestNHSNumberFacts(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"9991234560", "9990000000"} {
		if _, err := ParseNHSNumber(s); !errors.Is(err, ErrChecksum) {
			t.Errorf("number %d: got %v, want ErrChecksum", len(s), err)
		}
	}
	for _, tc := range []struct {
		nine string
		want int
	}{{"999123456", 10}, {"999000000", 10}, {"943476591", 9}, {"987654321", 0}} {
		if got, ok := modulus11(tc.nine); !ok || got != tc.want {
			t.Errorf("modulus11(%s): got %d %v, want %d", tc.nine, got, ok, tc.want)
		}
	}
}

func TestNHSNumberSyntheticAndEqual(t *testing.T) {
	t.Parallel()
	syn, err := ParseNHSNumber("999 000 0018")
	if err != nil {
		t.Fatal(err)
	}
	issued, err := ParseNHSNumber("9434765919")
	if err != nil {
		t.Fatal(err)
	}
	if !syn.Synthetic() || issued.Synthetic() || (NHSNumber{}).Synthetic() {
		t.Errorf("Synthetic: got %v %v %v, want true false false",
			syn.Synthetic(), issued.Synthetic(), (NHSNumber{}).Synthetic())
	}
	again, _ := ParseNHSNumber("943-476-5919")
	if !issued.Equal(again) || issued.Equal(syn) || !(NHSNumber{}).Equal(NHSNumber{}) {
		t.Error("Equal does not compare by digits")
	}
}

func TestReason(t *testing.T) {
	t.Parallel()
	_, err := ParseNHSNumber("9434765918")
	wrapped := errors.Join(errors.New("row 7"), err)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"sentinel", ErrChecksum, "nhs.checksum"},
		{"from parse, wrapped", wrapped, "nhs.checksum"},
		{"never issued", ErrNeverIssued, "nhs.never_issued"},
		{"foreign", errors.New("other"), "unknown"},
	}
	for _, tc := range tests {
		if got := Reason(tc.err); got != tc.want {
			t.Errorf("%s: Reason got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Every sentinel's message is free of digits, so no message can carry any
// part of an identifier, and codes are unique.
func TestErrorMessagesHaveNoDigits(t *testing.T) {
	t.Parallel()
	all := []*Error{ErrEmpty, ErrLength, ErrFormat, ErrChecksum, ErrNeverIssued,
		ErrLocalSystem, ErrLocalValue, ErrZeroIdentifier, ErrKeyTooShort, ErrKeyVersion,
		ErrZeroKey, ErrPurpose, ErrProjectID, ErrPseudonymFormat, ErrNotSerialisable}
	seen := map[string]bool{}
	for _, e := range all {
		if strings.ContainsAny(e.Error(), "0123456789") {
			t.Errorf("%s: message %q contains a digit", e.Code(), e.Error())
		}
		if seen[e.Code()] {
			t.Errorf("code %q used twice", e.Code())
		}
		seen[e.Code()] = true
	}
}

// assertNoInput fails if msg contains in (when long enough to be telling) or
// any run of three or more of its digits.
func assertNoInput(t *testing.T, msg, in string) {
	t.Helper()
	if len(strings.TrimSpace(in)) >= 3 && strings.Contains(msg, strings.TrimSpace(in)) {
		t.Errorf("error message contains the input")
	}
	for i := 0; i+3 <= len(in); i++ {
		if w := in[i : i+3]; isDigits(w) && strings.Contains(msg, w) {
			t.Errorf("error message contains the input's digits at offset %d", i)
		}
	}
}
