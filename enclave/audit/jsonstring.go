package audit

import (
	"fmt"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// plain marks the ASCII bytes a v1 string holds unescaped.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string in the one spelling version 1
// allows. The rules are written out here, not borrowed from encoding/json,
// so that a change in the standard library cannot change the format (Go 1.22
// did change how encoding/json escapes \b and \f). They happen to equal
// encoding/json with SetEscapeHTML(false), which a test checks:
//
//   - '"' and '\' become \" and \\;
//   - \b \f \n \r \t use their short escapes, other bytes below 0x20 become
//     \u00XX with lower-case hex, so no output ever holds a raw newline;
//   - U+2028 and U+2029 become \u2028 and \u2029 (JavaScript line breaks);
//   - everything else, including '<', '>', '&', DEL and non-ASCII, is copied
//     as UTF-8. s must be valid UTF-8 (callers check).
func appendString[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && plain[c] {
			continue
		}
		if c >= utf8.RuneSelf {
			// Only U+2028 and U+2029 (E2 80 A8/A9) need attention; the
			// other bytes of valid UTF-8 are copied as they are.
			if c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xa8 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
				i += 2
				start = i + 1
			}
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// readString decodes the JSON string that starts at b[i] (which must be '"')
// and returns it with the index just past the closing quote. Without escapes
// the result is a slice of b, not a copy. It accepts any valid JSON
// spelling; whether that spelling was canonical is decided by re-encoding.
// UTF-8 validity is checked by the caller.
func readString(b []byte, i int) ([]byte, int, error) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, fmt.Errorf("byte %d: want a string", i)
	}
	start := i + 1
	for i = start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return b[start:i:i], i + 1, nil
		case c == '\\':
			return readEscaped(b, start, i)
		case c < 0x20:
			return nil, i, fmt.Errorf("byte %d: control character in string", i)
		}
	}
	return nil, i, fmt.Errorf("byte %d: unterminated string", start-1)
}
