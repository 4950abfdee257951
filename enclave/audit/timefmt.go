package audit

import (
	"fmt"
	"time"
)

// timeLayout fixes the width of every timestamp, so that text order is time
// order and a timestamp has exactly one spelling.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// appendTime appends t in UTC as timeLayout, truncated to microseconds. It
// is time.AppendFormat(dst, timeLayout) written out, because the verifier
// formats a million of these and the general formatter is several times
// slower. A test checks the two agree.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	dst = appendDigits(dst, y, 4)
	dst = appendDigits(append(dst, '-'), int(mo), 2)
	dst = appendDigits(append(dst, '-'), d, 2)
	dst = appendDigits(append(dst, 'T'), h, 2)
	dst = appendDigits(append(dst, ':'), mi, 2)
	dst = appendDigits(append(dst, ':'), s, 2)
	dst = appendDigits(append(dst, '.'), t.Nanosecond()/1000, 6)
	return append(dst, 'Z')
}

func appendDigits(dst []byte, v, width int) []byte {
	var buf [6]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[:width]...)
}

// parseTime reads a timeLayout timestamp. It only checks the shape; values
// out of range (month 13) are normalised by time.Date and then rejected by
// Parse's re-encoding, which cannot reproduce them.
func parseTime(b []byte) (time.Time, error) {
	bad := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("time %q is not in the form %s", b, timeLayout)
	}
	if len(b) != len(timeLayout) {
		return bad()
	}
	var f [7]int
	for i, span := range [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 26}} {
		for _, c := range b[span[0]:span[1]] {
			if c < '0' || c > '9' {
				return bad()
			}
			f[i] = f[i]*10 + int(c-'0')
		}
	}
	for i, c := range [...]byte{4: '-', 7: '-', 10: 'T', 13: ':', 16: ':', 19: '.', 26: 'Z'} {
		if c != 0 && b[i] != c {
			return bad()
		}
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1000, time.UTC), nil
}

// SearchTime is t written as an event's "time" member is, rounded up to
// the microsecond: an event's time is at or after t exactly when its text
// is at or after SearchTime(t), and before t exactly when its text is
// before it, so a store can search the canonical bytes by text order.
func SearchTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()%1000 != 0 {
		t = t.Truncate(time.Microsecond).Add(time.Microsecond)
	}
	return string(appendTime(nil, t))
}
