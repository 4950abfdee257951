package csvsource

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		input  string
		opts   Options
		header []string
		want   []line
	}{
		{"plain", "a,b\n1,2\n3,4\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1", "2"}}, {n: 3, fields: []string{"3", "4"}}}},
		{"no final line end", "a,b\n1,2", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1", "2"}}}},
		{"CRLF", "a,b\r\n1,2\r\n\r\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1", "2"}}}},
		{"byte order mark", "\xef\xbb\xbfa,b\n1,2\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1", "2"}}}},
		{"header only", "a,b\n", Options{}, []string{"a", "b"}, nil},
		{"blank lines skipped, numbers kept", "a,b\n\n1,2\n\n\n3,4\n\n", Options{}, []string{"a", "b"},
			[]line{{n: 3, fields: []string{"1", "2"}}, {n: 6, fields: []string{"3", "4"}}}},
		{"empty fields", "a,b,c\n,,\n1,,\n", Options{}, []string{"a", "b", "c"},
			[]line{{n: 2, fields: []string{"", "", ""}}, {n: 3, fields: []string{"1", "", ""}}}},
		{"quotes", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"\",\"\"\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"x,y", `say "hi"`}}, {n: 3, fields: []string{"", ""}}}},
		{"quoted header", "\"a\",\"b c\"\n1,2\n", Options{}, []string{"a", "b c"},
			[]line{{n: 2, fields: []string{"1", "2"}}}},
		{"spaces kept", "a,b\n 1 , 2\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{" 1 ", " 2"}}}},
		{"CR inside a quoted field", "a,b\n\"1\r\",2\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1\r", "2"}}}},
		{"semicolons", "a;b\n1,5;2\n", Options{Delimiter: ';'}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1,5", "2"}}}},
		{"tabs", "a\tb\n1\t\"2\"\n", Options{Delimiter: '\t'}, []string{"a", "b"},
			[]line{{n: 2, fields: []string{"1", "2"}}}},

		{"too few fields", "a,b\n1\n2,3\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonColumns}, {n: 3, fields: []string{"2", "3"}}}},
		{"too many fields", "a,b\n1,2,\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonColumns}}},
		{"a line of spaces is not blank", "a,b\n  \n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonColumns}}},
		{"not UTF-8", "a,b\n\xff,1\n2,3\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonEncoding}, {n: 3, fields: []string{"2", "3"}}}},
		{"Latin-1", "a,b\nJos\xe9,1\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonEncoding}}},
		{"NUL byte", "a,b\n1\x00,2\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonEncoding}}},
		{"bare quote", "a,b\n1\"2,3\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonSyntax}}},
		{"text after closing quote", "a,b\n\"1\"2,3\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonSyntax}}},
		{"space before opening quote", "a,b\n1, \"2\"\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonSyntax}}},
		{"quote never closed", "a,b\n1,\"2\n3,4\"\n5,6\n", Options{}, []string{"a", "b"},
			[]line{{n: 2, reason: ReasonSyntax}, {n: 3, reason: ReasonSyntax}, {n: 4, fields: []string{"5", "6"}}}},
		{"line at the limit", "a\n12345\n123456\n1234\r\n12345\r\n", Options{MaxLineBytes: 5}, []string{"a"},
			[]line{{n: 2, fields: []string{"12345"}}, {n: 3, reason: ReasonLineTooLong},
				{n: 4, fields: []string{"1234"}}, {n: 5, fields: []string{"12345"}}}},
		{"long last line without line end", "a\n1\n123456", Options{MaxLineBytes: 5}, []string{"a"},
			[]line{{n: 2, fields: []string{"1"}}, {n: 3, reason: ReasonLineTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			header, got := readAll(t, strings.NewReader(tt.input), tt.opts)
			if !slices.Equal(header, tt.header) {
				t.Errorf("header = %q, want %q", header, tt.header)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("records:\n%v\nwant:\n%v", got, tt.want)
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input string
		opts        Options
		want        string
	}{
		{"empty input", "", Options{}, "csvsource: input is empty: there is no header line"},
		{"only a byte order mark", "\xef\xbb\xbf", Options{}, "csvsource: input is empty: there is no header line"},
		{"empty header", "\n1,2\n", Options{}, "csvsource: header (line 1) is empty"},
		{"repeated column", "nhs,dob,nhs\n", Options{}, "csvsource: header (line 1): column 3 has the same name as column 1"},
		{"unnamed column", "nhs,,dob\n", Options{}, "csvsource: header (line 1): column 2 has no name"},
		{"header not UTF-8", "n\xffhs\n", Options{}, "csvsource: header (line 1): line is not valid UTF-8 or holds a NUL byte (encoding.invalid)"},
		{"header quoting", "\"nhs\n", Options{}, "csvsource: header (line 1): line has malformed quoting (csv.syntax)"},
		{"header too long", "abcdef\n", Options{MaxLineBytes: 5}, "csvsource: header (line 1): line is longer than the limit (line.too_long)"},
		{"zip", "PK\x03\x04rest", Options{}, "csvsource: input is a zip archive; only plain or gzip-compressed CSV is read"},
		{"zstd", "\x28\xb5\x2f\xfdrest", Options{}, "csvsource: input is zstd-compressed; only plain or gzip-compressed CSV is read"},
		{"bzip2", "BZh91AY&SY", Options{}, "csvsource: input is bzip2-compressed; only plain or gzip-compressed CSV is read"},
		{"xz", "\xfd7zXZ\x00rest", Options{}, "csvsource: input is xz-compressed; only plain or gzip-compressed CSV is read"},
		{"quote delimiter", "a\n", Options{Delimiter: '"'}, `csvsource: delimiter '"' is not allowed`},
		{"non-ASCII delimiter", "a\n", Options{Delimiter: 0xa7}, `csvsource: delimiter '§' is not allowed`},
		{"negative limit", "a\n", Options{MaxLineBytes: -1}, "csvsource: MaxLineBytes must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Open(strings.NewReader(tt.input), tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Open error = %v, want %s", err, tt.want)
			}
			if r != nil {
				t.Error("Open returned a Reader with its error")
			}
		})
	}
}

// TestBZhHeader checks that a header merely starting "BZh" is not taken
// for bzip2.
func TestBZhHeader(t *testing.T) {
	t.Parallel()
	header, _ := readAll(t, strings.NewReader("BZh,b\n"), Options{})
	if !slices.Equal(header, []string{"BZh", "b"}) {
		t.Errorf("header = %q", header)
	}
}

// TestFieldsKept checks that the strings of one record survive later calls,
// though the slice is reused.
func TestFieldsKept(t *testing.T) {
	t.Parallel()
	r, err := Open(strings.NewReader("a,b\n1,2\n3,4\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	kept := first.Fields[0]
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if kept != "1" {
		t.Errorf("kept field = %q after the next record, want \"1\"", kept)
	}
}

func TestRejectText(t *testing.T) {
	t.Parallel()
	r := &Reject{Line: 7, Reason: ReasonColumns}
	if got, want := r.Error(), "line 7: line has a different number of fields from the header (columns.count)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
