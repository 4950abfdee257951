package audit

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// readEscaped is the slow path of readString, for strings with escapes.
func readEscaped(b []byte, start, i int) ([]byte, int, error) {
	buf := append(make([]byte, 0, 2*(i-start)+16), b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return buf, i + 1, nil
		case c < 0x20:
			return nil, i, fmt.Errorf("byte %d: control character in string", i)
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch e := b[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, n, err := readUnicodeEscape(b, i)
			if err != nil {
				return nil, i, err
			}
			buf = utf8.AppendRune(buf, r)
			i += n
			continue
		default:
			return nil, i, fmt.Errorf("byte %d: invalid escape", i)
		}
		i += 2
	}
	return nil, i, fmt.Errorf("byte %d: unterminated string", start-1)
}

// readUnicodeEscape decodes \uXXXX at b[i], or a surrogate pair written as two
// escapes, and returns the rune and the bytes consumed. A lone surrogate is
// an error rather than U+FFFD: silently altering a value is not acceptable in
// an audit record.
func readUnicodeEscape(b []byte, i int) (rune, int, error) {
	r, ok := hex4(b, i+2)
	if !ok {
		return 0, 0, fmt.Errorf("byte %d: invalid \\u escape", i)
	}
	if !utf16.IsSurrogate(r) {
		return r, 6, nil
	}
	if r < 0xdc00 && len(b) >= i+12 && b[i+6] == '\\' && b[i+7] == 'u' {
		if r2, ok := hex4(b, i+8); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
			return utf16.DecodeRune(r, r2), 12, nil
		}
	}
	return 0, 0, fmt.Errorf("byte %d: lone surrogate in \\u escape", i)
}

func hex4(b []byte, i int) (rune, bool) {
	if len(b) < i+4 {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
