package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SyntaxError is why Parse refused a statement, and where.
//
// Message never quotes the statement, except for the token PostgreSQL's
// parser names when the statement is not valid SQL ("syntax error at or
// near ..."). Error() shows the statement's line with a caret under the
// offending part: it is for the researcher who wrote the statement, and a
// filter value they typed may be on that line, so log Pos and Message
// rather than Error().
type SyntaxError struct {
	Pos     int    // byte offset into the statement, 0 <= Pos <= len(statement)
	Line    int    // line of Pos, from 1
	Col     int    // column of Pos in characters, from 1
	Message string // what is wrong and, where it helps, what to write instead

	excerpt string // the line, cut to a window around Pos
	caret   string // spacing that puts a ^ under Pos in excerpt
}

// window is how many characters of the statement line Error shows either
// side of the caret.
const window = 60

func newSyntaxError(sql string, pos int, format string, args ...any) *SyntaxError {
	pos = min(max(pos, 0), len(sql))
	start := strings.LastIndexByte(sql[:pos], '\n') + 1
	end := len(sql)
	if i := strings.IndexByte(sql[pos:], '\n'); i >= 0 {
		end = pos + i
	}
	before, after := []rune(sql[start:pos]), []rune(strings.TrimSuffix(sql[pos:end], "\r"))
	e := &SyntaxError{
		Pos:     pos,
		Line:    strings.Count(sql[:pos], "\n") + 1,
		Col:     len(before) + 1,
		Message: fmt.Sprintf(format, args...),
	}
	if len(before) > window {
		before = append([]rune("…"), before[len(before)-window:]...)
	}
	if len(after) > window {
		after = append(after[:window], []rune("…")...)
	}
	e.excerpt = printable(string(before) + string(after))
	e.caret = strings.Map(func(r rune) rune {
		if r == '\t' {
			return r
		}
		return ' '
	}, printable(string(before)))
	return e
}

// printable replaces control characters other than tab, and bytes that are
// not UTF-8, with one space each, so that the caret lines up.
func printable(s string) string {
	var b strings.Builder
	for i, r := range s {
		if (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) || (unicode.IsControl(r) && r != '\t') {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Error is "line L, column C: message" followed by the statement line and a
// caret under the offending part.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s\n    %s\n    %s^", e.Line, e.Col, e.Message, e.excerpt, e.caret)
}
