package pseudonym

// NHSNumber is a validated NHS number. The zero value holds no number.
//
// The digits sit behind a pointer to a string, a kind that fmt never
// dereferences: even a struct that holds an NHSNumber in an unexported field
// (where fmt cannot call Format) prints an address, not the digits. The
// [0]func() field makes NHSNumber incomparable, so == cannot silently compare
// pointers; use Equal.
type NHSNumber struct {
	_      [0]func()
	digits *string
}

// ParseNHSNumber validates s as an NHS number.
//
// Accepted forms, after trimming leading and trailing ASCII whitespace: ten
// digits ("9434765919"), or the 3-3-4 grouping with one space or one hyphen in
// both gaps ("943 476 5919", "943-476-5919"). The Modulus 11 check must pass
// and 0000000000 is refused. Errors are sentinel *Error values (ErrEmpty,
// ErrFormat, ErrLength, ErrChecksum, ErrNeverIssued) and never contain s.
func ParseNHSNumber(s string) (NHSNumber, error) {
	s = trimASCIISpace(s)
	if s == "" {
		return NHSNumber{}, ErrEmpty
	}
	var d [10]byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if n < len(d) {
				d[n] = c
			}
			n++
		case c == ' ' || c == '-':
		default:
			return NHSNumber{}, ErrFormat
		}
	}
	if n != len(d) {
		return NHSNumber{}, ErrLength
	}
	if !acceptedLayout(s) {
		return NHSNumber{}, ErrFormat
	}
	check, _ := modulus11(string(d[:9]))
	if check == 10 || int(d[9]-'0') != check {
		return NHSNumber{}, ErrChecksum
	}
	digits := string(d[:])
	if digits == "0000000000" {
		return NHSNumber{}, ErrNeverIssued
	}
	return NHSNumber{digits: &digits}, nil
}

// acceptedLayout reports whether s, known to hold exactly ten digits plus
// spaces or hyphens, is "DDDDDDDDDD" or "DDD?DDD?DDDD" with the same single
// separator in both gaps.
func acceptedLayout(s string) bool {
	switch len(s) {
	case 10:
		return true
	case 12:
		sep := s[3]
		return (sep == ' ' || sep == '-') && s[7] == sep &&
			isDigits(s[:3]) && isDigits(s[4:7]) && isDigits(s[8:])
	}
	return false
}

// modulus11 returns the check digit for the nine digits in s: S = 10*d1 +
// 9*d2 + ... + 2*d9, check = 11 - (S mod 11), 11 becomes 0. A result of 10
// means no check digit can match. ok is false unless s is nine ASCII digits.
func modulus11(s string) (check int, ok bool) {
	if len(s) != 9 || !isDigits(s) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += (10 - i) * int(s[i]-'0')
	}
	check = 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check, true
}

// Digits returns the ten digits, or "" for the zero value. It is the only way
// to read the number: use it to pseudonymise, never to log or store.
func (n NHSNumber) Digits() string {
	if n.digits == nil {
		return ""
	}
	return *n.digits
}

// IsZero reports whether n holds no number.
func (n NHSNumber) IsZero() bool { return n.digits == nil }

// Equal reports whether n and m hold the same number.
func (n NHSNumber) Equal(m NHSNumber) bool { return n.Digits() == m.Digits() }

// Synthetic reports whether n is in the 999 000 0000 - 999 999 9999 range,
// which is never issued to patients. enclave synth draws its first 900,000
// people from it; larger populations go on into 998, 997 and below, which
// are not issued either but are not reported as synthetic here
// (docs/ingest.md).
func (n NHSNumber) Synthetic() bool {
	d := n.Digits()
	return len(d) == 10 && d[:3] == "999"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func trimASCIISpace(s string) string {
	isSpace := func(c byte) bool {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
	}
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}
