package optout_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/enclave/optout"
)

var knownReasons = map[string]bool{
	"nhs.empty": true, "nhs.length": true, "nhs.format": true, "nhs.checksum": true, "nhs.never_issued": true,
	optout.ReasonLineTooLong: true, optout.ReasonSynthetic: true,
}

// FuzzParse: any input parses without panicking; every line is accounted
// for; invalid lines carry only known reason codes; a file-level error is
// one of the fixed ones; and the gzipped file reads the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "\n", a + "\n" + b + ",\r\n", "nhs_number\n\"" + a + "\",x\n", "\xEF\xBB\xBF" + a,
		"0000000000\n9434765918\n,\n", "\xff\xfe9\x00", "\x1f\x8b\x08", a + "\n" + a + "\n" + c,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, allowSynthetic bool) {
		opts := optout.Options{AllowSynthetic: allowSynthetic, MaxLineBytes: 40, MaxListed: 3, MaxBytes: 1 << 20}
		got, sum, err := parse(t, data, opts)
		if err != nil {
			var fe *optout.Error
			if !errors.As(err, &fe) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		header := int64(0)
		if sum.Header {
			header = 1
		}
		if sum.Lines != sum.Blank+sum.Numbers+sum.Invalid+header || int64(len(got)) != sum.Numbers {
			t.Fatalf("lines %d != blank %d + numbers %d + invalid %d + header %d (returned %d)",
				sum.Lines, sum.Blank, sum.Numbers, sum.Invalid, header, len(got))
		}
		if int64(len(sum.InvalidLines))+sum.Unlisted != sum.Invalid || len(sum.InvalidLines) > 3 {
			t.Fatalf("listed %d + unlisted %d != invalid %d", len(sum.InvalidLines), sum.Unlisted, sum.Invalid)
		}
		var byReason int64
		for reason, n := range sum.InvalidByReason {
			if !knownReasons[reason] {
				t.Fatalf("unknown reason %q", reason)
			}
			byReason += n
		}
		for _, l := range sum.InvalidLines {
			if !knownReasons[l.Reason] || l.Line < 1 || l.Line > sum.Lines {
				t.Fatalf("invalid line %+v of %d", l, sum.Lines)
			}
		}
		if byReason != sum.Invalid {
			t.Fatalf("reasons count %d, invalid %d", byReason, sum.Invalid)
		}
		if sum.Gzip {
			return
		}
		zgot, zsum, err := parse(t, gzipped(t, data), opts)
		zsum.Gzip = false
		if err != nil || !reflect.DeepEqual(zsum, sum) || len(zgot) != len(got) {
			t.Fatalf("gzipped: %v\n%+v\nplain:\n%+v", err, zsum, sum)
		}
	})
}
