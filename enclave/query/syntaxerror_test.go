package query

import (
	"strings"
	"testing"
)

// TestSyntaxErrorText pins how an error shows the statement: the offending
// line only, a caret under the offending part, tabs kept so that it lines
// up, long lines cut around the caret.
func TestSyntaxErrorText(t *testing.T) {
	t.Parallel()
	long := "SELECT COUNT(*) FROM patients WHERE " + strings.Repeat("sex = 'F' AND ", 10) + "sex = 'F' OR sex = 'M'" + strings.Repeat(" AND sex = 'F'", 10)
	tests := []struct {
		name, sql, want string
	}{
		{"one line", "SELECT COUNT(*) FROM patients WHERE sex = 'F' OR sex = 'M'",
			"line 1, column 47: OR is not supported: combine conditions with AND, and use IN (...) for several values of one column\n" +
				"    SELECT COUNT(*) FROM patients WHERE sex = 'F' OR sex = 'M'\n" +
				"                                                  ^"},
		{"second line, tab, CRLF", "SELECT sex, COUNT(*)\r\n\tFROM patients LIMIT 5\r\n",
			"line 2, column 16: LIMIT, OFFSET and FETCH are not supported\n" +
				"    \tFROM patients LIMIT 5\n" +
				"    \t              ^"},
		{"characters, not bytes", "SELECT COUNT(*) FROM patients WHERE sex = 'é' OR sex = 'M'",
			"line 1, column 47: OR is not supported: combine conditions with AND, and use IN (...) for several values of one column\n" +
				"    SELECT COUNT(*) FROM patients WHERE sex = 'é' OR sex = 'M'\n" +
				"                                                  ^"},
		{"long line", long,
			"line 1, column 187: OR is not supported: combine conditions with AND, and use IN (...) for several values of one column\n" +
				"    …'F' AND sex = 'F' AND sex = 'F' AND sex = 'F' AND sex = 'F' OR sex = 'M' AND sex = 'F' AND sex = 'F' AND sex = 'F' AND s…\n" +
				"    " + strings.Repeat(" ", 61) + "^"},
		{"control characters", "SELECT COUNT(*)\vFROM patients\x00",
			"line 1, column 30: the statement holds a NUL character\n" +
				"    SELECT COUNT(*) FROM patients \n" +
				"                                 ^"},
		{"end of input", "SELECT COUNT(*) FROM",
			"line 1, column 21: syntax error at end of input\n" +
				"    SELECT COUNT(*) FROM\n" +
				"                        ^"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.sql)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Parse error =\n%v\nwant\n%s", tt.name, err, tt.want)
		}
	}
}
