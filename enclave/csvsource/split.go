package csvsource

import "bytes"

// splitFields splits one line into fields, appending their unquoted bytes to
// buf and the end offset of each field to ends. It reports false when the
// quoting is malformed: a '"' inside an unquoted field, anything but the
// delimiter after a closing quote, or a quote never closed.
func splitFields(line []byte, delim byte, buf []byte, ends []int) ([]byte, []int, bool) {
	for {
		if len(line) > 0 && line[0] == '"' {
			var ok bool
			if buf, line, ok = quoted(line[1:], buf); !ok {
				return buf, ends, false
			}
			ends = append(ends, len(buf))
			switch {
			case len(line) == 0:
				return buf, ends, true
			case line[0] != delim:
				return buf, ends, false
			}
			line = line[1:]
			continue
		}
		field, i := line, bytes.IndexByte(line, delim)
		if i >= 0 {
			field = line[:i]
		}
		if bytes.IndexByte(field, '"') >= 0 {
			return buf, ends, false
		}
		buf = append(buf, field...)
		ends = append(ends, len(buf))
		if i < 0 {
			return buf, ends, true
		}
		line = line[i+1:]
	}
}

// quoted reads a quoted field's body (after its opening quote) into buf,
// turning "" into ", and returns what follows the closing quote.
func quoted(line, buf []byte) ([]byte, []byte, bool) {
	for {
		i := bytes.IndexByte(line, '"')
		if i < 0 {
			return buf, nil, false
		}
		buf = append(buf, line[:i]...)
		line = line[i+1:]
		if len(line) == 0 || line[0] != '"' {
			return buf, line, true
		}
		buf = append(buf, '"')
		line = line[1:]
	}
}
