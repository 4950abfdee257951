package pseudonym

import (
	"unicode"
	"unicode/utf8"
)

// Identifier is a direct identifier ready to be pseudonymised: an NHS number
// or a value from a named local system (a hospital number, a social care id).
// The zero value identifies nobody and is refused by every key source.
//
// Like NHSNumber, the identifying message sits behind a pointer to a string,
// which fmt never dereferences, and Identifier is incomparable.
type Identifier struct {
	_      [0]func()
	kind   string // "nhs" or "local"; not sensitive
	system string // local system name; not sensitive
	msg    *string
}

// Identifier kinds, as returned by Identifier.Kind.
const (
	KindNHS   = "nhs"
	KindLocal = "local"
)

const (
	maxSystemLen = 63
	maxValueLen  = 128
)

// NHS returns the identifier for an NHS number; its domain-separated message
// is "nhs:" followed by the ten digits. A zero n gives the zero Identifier.
func NHS(n NHSNumber) Identifier {
	if n.IsZero() {
		return Identifier{}
	}
	msg := KindNHS + ":" + n.Digits()
	return Identifier{kind: KindNHS, msg: &msg}
}

// Local returns the identifier for value in the local numbering system named
// system; its domain-separated message is "local:" + system + ":" + value.
//
// system must match [a-z0-9][a-z0-9._-]{0,62}; since it cannot contain ':',
// the message splits back into system and value one way only. value must be
// 1 to 128 bytes of valid UTF-8, every rune printable (unicode.IsPrint: no
// control, format or non-ASCII space characters), with no leading or trailing
// space: a padded value is almost always a formatting accident that would
// split one person into two pseudonyms.
func Local(system, value string) (Identifier, error) {
	if !validLabel(system, maxSystemLen) {
		return Identifier{}, ErrLocalSystem
	}
	if !validLocalValue(value) {
		return Identifier{}, ErrLocalValue
	}
	msg := KindLocal + ":" + system + ":" + value
	return Identifier{kind: KindLocal, system: system, msg: &msg}, nil
}

// Kind is KindNHS, KindLocal, or "" for the zero value.
func (id Identifier) Kind() string { return id.kind }

// System is the local system name, or "" for an NHS number.
func (id Identifier) System() string { return id.system }

// IsZero reports whether id identifies nobody.
func (id Identifier) IsZero() bool { return id.msg == nil }

// DomainMessage returns a copy of the bytes that are keyed into the
// pseudonym ("nhs:<digits>" or "local:<system>:<value>"). It contains the raw
// identifier: hand it to a key source (such as Vault transit) and nowhere else.
func (id Identifier) DomainMessage() []byte {
	if id.msg == nil {
		return nil
	}
	return []byte(*id.msg)
}

// validLabel reports whether s matches [a-z0-9][a-z0-9._-]{0,max-1}.
func validLabel(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

func validLocalValue(v string) bool {
	if len(v) == 0 || len(v) > maxValueLen || !utf8.ValidString(v) {
		return false
	}
	if v[0] == ' ' || v[len(v)-1] == ' ' {
		return false
	}
	for _, r := range v {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
