package optout_test

import (
	"crypto/sha256"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/research-enclave/enclave/enclave/optout"
)

var a, b, c = synthetic(0), synthetic(1), synthetic(2)

func TestParse(t *testing.T) {
	t.Parallel()
	dev := optout.Options{AllowSynthetic: true}
	tests := []struct {
		name    string
		in      string
		opts    optout.Options
		want    []string
		invalid []optout.InvalidLine
		blank   int64
		header  bool
	}{
		{"dat, LF", a + "\n" + b + "\n", dev, []string{a, b}, nil, 0, false},
		{"dat, trailing commas and CRLF", a + ",\r\n" + b + ",\r\n", dev, []string{a, b}, nil, 0, false},
		{"no final newline", a + "\n" + b, dev, []string{a, b}, nil, 0, false},
		{"blank lines and spaces", "\n" + a + "\n  \r\n\t" + b + " ,\n\n", dev, []string{a, b}, nil, 3, false},
		{"byte order mark", "\xEF\xBB\xBF" + a + "\n", dev, []string{a}, nil, 0, false},
		{"grouped forms", a[:3] + " " + a[3:6] + " " + a[6:] + "\n" + b[:3] + "-" + b[3:6] + "-" + b[6:] + "\n", dev, []string{a, b}, nil, 0, false},
		{"duplicates are all returned", a + "\n" + a + ",\n", dev, []string{a, a}, nil, 0, false},
		{"csv with header, quotes, other fields", "NHS_Number,note\r\n\"" + a + "\",x\r\n" + b + ",\"y, z\"\r\n", dev, []string{a, b}, nil, 0, true},
		{"header after blank lines and BOM", "\xEF\xBB\xBF\n\"nhs_number\"\n" + a + "\n", dev, []string{a}, nil, 1, true},
		{"header only first", a + "\nnhs_number\n", dev, []string{a}, []optout.InvalidLine{{2, "nhs.format"}}, 0, false},
		{"invalid reasons", strings.Join([]string{
			a,
			"9434765918",            // 2: wrong check digit
			"94347659",              // 3: short
			"943/476/5919",          // 4: separator
			"0000000000",            // 5: never issued
			",",                     // 6: empty first field
			"\"9434765919",          // 7: unbalanced quote
			strings.Repeat("9", 30), // 8: long, but within the line limit
			"9434765919",            // 9: valid, outside the 999 range
		}, "\n"), dev, []string{a, "9434765919"}, []optout.InvalidLine{
			{2, "nhs.checksum"}, {3, "nhs.length"}, {4, "nhs.format"}, {5, "nhs.never_issued"},
			{6, "nhs.empty"}, {7, "nhs.format"}, {8, "nhs.length"},
		}, 0, false},
		{"synthetic refused without the dev key", a + "\n9434765919\n", optout.Options{}, []string{"9434765919"},
			[]optout.InvalidLine{{1, optout.ReasonSynthetic}}, 0, false},
		{"line too long is skipped, not buffered", a + "\n" + strings.Repeat("x", 200_000) + "\n" + b + "\n",
			optout.Options{AllowSynthetic: true, MaxLineBytes: 64}, []string{a, b},
			[]optout.InvalidLine{{2, optout.ReasonLineTooLong}}, 0, false},
		{"too long final line", a + "\n" + strings.Repeat("7", 65), optout.Options{AllowSynthetic: true, MaxLineBytes: 64},
			[]string{a}, []optout.InvalidLine{{2, optout.ReasonLineTooLong}}, 0, false},
		{"empty file", "", dev, nil, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, zip := range []bool{false, true} {
				data := []byte(tt.in)
				if zip {
					data = gzipped(t, data)
				}
				got, sum, err := parse(t, data, tt.opts)
				if err != nil {
					t.Fatalf("gzip %v: %v", zip, err)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("gzip %v: numbers %v, want %v", zip, got, tt.want)
				}
				if !slices.Equal(sum.InvalidLines, tt.invalid) {
					t.Errorf("gzip %v: invalid lines %v, want %v", zip, sum.InvalidLines, tt.invalid)
				}
				if sum.Blank != tt.blank || sum.Header != tt.header || sum.Gzip != zip {
					t.Errorf("gzip %v: blank %d header %v gzip %v, want %d %v %v", zip, sum.Blank, sum.Header, sum.Gzip, tt.blank, tt.header, zip)
				}
				if sum.Numbers != int64(len(tt.want)) || sum.Invalid != int64(len(tt.invalid)) {
					t.Errorf("gzip %v: counted %d numbers, %d invalid", zip, sum.Numbers, sum.Invalid)
				}
				if sum.SHA256 != sha256.Sum256([]byte(tt.in)) {
					t.Errorf("gzip %v: SHA256 is not that of the content", zip)
				}
			}
		})
	}
}

func TestInvalidLinesAreCapped(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("bad\n", 5) + a + "\n" + strings.Repeat("1\n", 3)
	got, sum, err := parse(t, []byte(in), optout.Options{AllowSynthetic: true, MaxListed: 2})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	want := []optout.InvalidLine{{1, "nhs.format"}, {2, "nhs.format"}}
	if !slices.Equal(sum.InvalidLines, want) || sum.Unlisted != 6 || sum.Invalid != 8 {
		t.Errorf("listed %v, unlisted %d, invalid %d; want %v, 6, 8", sum.InvalidLines, sum.Unlisted, sum.Invalid, want)
	}
	if sum.InvalidByReason["nhs.format"] != 5 || sum.InvalidByReason["nhs.length"] != 3 {
		t.Errorf("by reason %v", sum.InvalidByReason)
	}
}

func TestFileErrors(t *testing.T) {
	t.Parallel()
	valid := gzipped(t, []byte(a+"\n"+b+"\n"))
	corrupt := slices.Clone(valid)
	corrupt[len(corrupt)-6] ^= 0xff // the CRC-32 in the trailer
	readErr := errors.New("connection reset")
	tests := []struct {
		name string
		in   io.Reader
		opts optout.Options
		want error
	}{
		{"gzip checksum", strings.NewReader(string(corrupt)), optout.Options{}, optout.ErrGzip},
		{"gzip truncated", strings.NewReader(string(valid[:len(valid)/2])), optout.Options{}, optout.ErrGzip},
		{"gzip magic only", strings.NewReader("\x1f\x8b"), optout.Options{}, optout.ErrGzip},
		{"gzip garbage", strings.NewReader("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffgarbage"), optout.Options{}, optout.ErrGzip},
		{"utf-16 LE", strings.NewReader("\xff\xfe9\x009\x00"), optout.Options{}, optout.ErrEncoding},
		{"utf-16 BE", strings.NewReader("\xfe\xff\x009\x009"), optout.Options{}, optout.ErrEncoding},
		{"too large", strings.NewReader(strings.Repeat(a+"\n", 100)), optout.Options{AllowSynthetic: true, MaxBytes: 500}, optout.ErrTooLarge},
		{"too large once gunzipped", strings.NewReader(string(gzipped(t, []byte(strings.Repeat("\n", 10_000))))), optout.Options{MaxBytes: 1000}, optout.ErrTooLarge},
		{"read error", io.MultiReader(strings.NewReader(a+"\n"), iotest.ErrReader(readErr)), optout.Options{}, readErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := optout.NewParser(tt.in, tt.opts)
			for p.Next() {
			}
			if err := p.Err(); !errors.Is(err, tt.want) {
				t.Errorf("Err() = %v, want %v", err, tt.want)
			}
			if !p.Number().IsZero() {
				t.Error("Number() still holds a number after the error")
			}
			if p.Next() {
				t.Error("Next() after an error returned true")
			}
		})
	}
}

func TestExactlyMaxBytesIsAccepted(t *testing.T) {
	t.Parallel()
	in := a + "\n" + b + "\n"
	got, _, err := parse(t, []byte(in), optout.Options{AllowSynthetic: true, MaxBytes: int64(len(in))})
	if err != nil || len(got) != 2 {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestListFormDate(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"ndoo", "type1"} {
		if l, err := optout.ParseList(s); err != nil || string(l) != s {
			t.Errorf("ParseList(%q) = %q, %v", s, l, err)
		}
	}
	for _, s := range []string{"", "NDOO", "type2"} {
		if _, err := optout.ParseList(s); err == nil {
			t.Errorf("ParseList(%q) accepted", s)
		}
	}
	if _, err := optout.ParseForm("block"); err == nil {
		t.Error("ParseForm accepted block")
	}
	d, err := optout.ParseDate("2026-02-28")
	if err != nil || d.String() != "2026-02-28" {
		t.Fatalf("ParseDate: %v %v", d, err)
	}
	j, _ := d.MarshalJSON()
	var back optout.Date
	if err := back.UnmarshalJSON(j); err != nil || !back.Equal(d.Time) || string(j) != `"2026-02-28"` {
		t.Errorf("JSON round trip: %s -> %v, %v", j, back, err)
	}
	for _, s := range []string{"2026-02-30", "28/02/2026", "2026-2-28", ""} {
		if _, err := optout.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if err := back.UnmarshalJSON([]byte("20260228")); err == nil {
		t.Error("UnmarshalJSON accepted a number")
	}
}
