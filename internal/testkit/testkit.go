// Package testkit holds what tests in several packages share: synthetic NHS
// numbers and gzip. Only tests import it.
package testkit

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"testing"
)

// NHSNumber returns the NHS number in the never-issued 999 range whose six
// free digits are serial modulo 1,000,000, and false when no check digit
// exists for them (about one serial in eleven).
func NHSNumber(serial int) (string, bool) {
	body := fmt.Sprintf("999%06d", serial%1_000_000)
	sum := 0
	for i, c := range body {
		sum += (10 - i) * int(c-'0')
	}
	check := (11 - sum%11) % 11
	if check == 10 {
		return "", false
	}
	return body + string(rune('0'+check)), true
}

// NHSNumbers returns n distinct valid 999-range NHS numbers in serial order,
// after the first skip. The range holds about 909,000; asking for more
// panics.
func NHSNumbers(skip, n int) []string {
	out := make([]string, 0, n)
	for serial := 0; len(out) < n; serial++ {
		if serial >= 1_000_000 {
			panic("testkit: the 999 range has no more valid NHS numbers")
		}
		nhs, ok := NHSNumber(serial)
		if !ok {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, nhs)
	}
	return out
}

// Gzip compresses data.
func Gzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
