package optout_test

import (
	"bytes"
	"testing"

	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/internal/testkit"
)

// parse reads all of data and returns the valid numbers' digits, the
// summary and the file-level error.
func parse(t testing.TB, data []byte, opts optout.Options) ([]string, optout.Summary, error) {
	t.Helper()
	p := optout.NewParser(bytes.NewReader(data), opts)
	var got []string
	for p.Next() {
		got = append(got, p.Number().Digits())
	}
	return got, p.Summary(), p.Err()
}

// synthetic is the i-th valid 999-range NHS number.
func synthetic(i int) string { return testkit.NHSNumbers(i, 1)[0] }

var gzipped = testkit.Gzip
