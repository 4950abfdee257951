package pseudonym

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// Every row of nhs_numbers_valid.csv passes the Modulus 11 check; all parse
// except 0000000000, which we refuse as never issued.
func TestNHSVectorsValid(t *testing.T) {
	t.Parallel()
	rows := readCSV(t, "nhs_numbers/nhs_numbers_valid.csv")
	if len(rows) != 153 {
		t.Fatalf("got %d valid rows, want 153", len(rows))
	}
	for i, row := range rows {
		in := row["nhs_number"]
		if check, ok := modulus11(in[:9]); !ok || strconv.Itoa(check) != row["check_digit"] {
			t.Errorf("row %d: modulus11 got %d, want check_digit column", i+2, check)
		}
		n, err := ParseNHSNumber(in)
		if in == "0000000000" {
			if !errors.Is(err, ErrNeverIssued) {
				t.Errorf("row %d: got %v, want ErrNeverIssued", i+2, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("row %d: got %v (%s), want valid", i+2, err, Reason(err))
			continue
		}
		if n.Digits() != in {
			t.Errorf("row %d: Digits differ from the input", i+2)
		}
		wantSynthetic := strings.HasPrefix(row["range_note"], "test range 999")
		if n.Synthetic() != wantSynthetic {
			t.Errorf("row %d: Synthetic got %v, want %v", i+2, n.Synthetic(), wantSynthetic)
		}
	}
}

// Every row of nhs_numbers_invalid.csv fails, with the vectors' reason mapped
// to ours. The one difference: "123 456 789" is NON_DIGIT_CHARACTERS for the
// vectors (whose source does not allow spaces), but spaces are separators for
// us and the input has nine digits, so ours is nhs.length.
func TestNHSVectorsInvalid(t *testing.T) {
	t.Parallel()
	rows := readCSV(t, "nhs_numbers/nhs_numbers_invalid.csv")
	if len(rows) != 44 {
		t.Fatalf("got %d invalid rows, want 44", len(rows))
	}
	byReason := map[string]error{
		"EMPTY":                      ErrEmpty,
		"WHITESPACE_ONLY":            ErrEmpty,
		"NON_DIGIT_CHARACTERS":       ErrFormat,
		"CHECK_DIGIT_MISMATCH":       ErrChecksum,
		"CHECK_DIGIT_COMPUTES_TO_10": ErrChecksum,
	}
	exceptions := map[string]error{"123 456 789": ErrLength}
	for i, row := range rows {
		in, reason := row["input"], row["reason"]
		want, ok := exceptions[in]
		if !ok {
			want, ok = byReason[reason]
		}
		if !ok && strings.HasPrefix(reason, "WRONG_LENGTH_") {
			want, ok = ErrLength, true
		}
		if !ok {
			t.Fatalf("row %d: unmapped reason %q", i+2, reason)
		}
		_, err := ParseNHSNumber(in)
		if !errors.Is(err, want) {
			t.Errorf("row %d (%s): got %v, want %v", i+2, reason, Reason(err), Reason(want))
		}
		if err != nil {
			assertNoInput(t, err.Error(), in)
		}
		if c := row["expected_check_digit_if_10_digits"]; c != "" {
			if got, _ := modulus11(in[:9]); strconv.Itoa(got) != c {
				t.Errorf("row %d: modulus11 got %d, want %s", i+2, got, c)
			}
		}
	}
}

// Our separator rule sits between the two columns of the formatting cases:
// stricter than "remove all spaces and hyphens" (we refuse other groupings and
// doubled separators, "111 1111 111" and "111 111  1111"), more lenient than
// "strict 10 digits only" (we trim ASCII whitespace and accept the 3-3-4
// grouping with one space or one hyphen). So: we never accept what the
// separator-removing rule refuses, and we accept all that the strict rule does.
func TestNHSFormattingCases(t *testing.T) {
	t.Parallel()
	ours := map[string]error{ // nil: accepted
		"987 654 3210":    nil,
		"9876543210 ":     nil,
		"987-654-3210":    nil,
		"  9876543210  ":  nil,
		"111 111 1111":    nil,
		"111-111-1111":    nil,
		"111 1111 111":    ErrFormat,
		"111 111  1111":   ErrFormat,
		"111a111a1111":    ErrFormat,
		"999 123 4560":    ErrChecksum,
		"999  123  4560":  ErrFormat,
		"999-123-4560":    ErrChecksum,
		"   999 123 4560": ErrChecksum,
		"999 000 0018":    nil,
		"999 555 0016":    nil,
		"999 123 4561":    ErrChecksum,
		"123 456 789":     ErrLength,
		"987654321X":      ErrFormat,
		"469 819 4180":    nil,
	}
	rows := readCSV(t, "nhs_numbers/nhs_numbers_formatting_cases.csv")
	if len(rows) != len(ours) {
		t.Fatalf("got %d rows, want %d: add new rows to this table", len(rows), len(ours))
	}
	for i, row := range rows {
		in := row["input"]
		want, listed := ours[in]
		if !listed {
			t.Fatalf("row %d: input not in our table", i+2)
		}
		n, err := ParseNHSNumber(in)
		if !errors.Is(err, want) || (want == nil && err != nil) {
			t.Errorf("row %d: got %q, want %q", i+2, Reason(err), Reason(want))
		}
		if err == nil && n.Digits() != row["digits_only"] {
			t.Errorf("row %d: Digits differ from digits_only", i+2)
		}
		if err == nil && row["valid_after_removing_spaces_and_hyphens"] != "true" {
			t.Errorf("row %d: accepted what separator removal refuses", i+2)
		}
		if err != nil && row["valid_strict_10_digits_only"] == "true" {
			t.Errorf("row %d: refused what the strict rule accepts", i+2)
		}
	}
}
