package pseudonym

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Redaction: NHSNumber, Identifier and Key print a fixed placeholder through
// every route a value takes to a log or an error (invariant 1): String and
// GoString, Format for every fmt verb and flag, LogValue for slog, and
// MarshalJSON/MarshalText (which also covers encoding/xml), which fail rather
// than write anything, so that such a value can never be serialised by
// accident. Only the explicitly named NHSNumber.Digits and
// Identifier.DomainMessage read the identifier; nothing reads a key's bytes.

const (
	redactedNHS   = "[NHS number]"
	redactedNHSID = "[nhs identifier]"
	redactedLocal = "[local identifier]"
	redactedID    = "[identifier]"
)

func (NHSNumber) String() string                 { return redactedNHS }
func (NHSNumber) GoString() string               { return redactedNHS }
func (NHSNumber) Format(f fmt.State, _ rune)     { io.WriteString(f, redactedNHS) }
func (NHSNumber) LogValue() slog.Value           { return slog.StringValue(redactedNHS) }
func (NHSNumber) MarshalJSON() ([]byte, error)   { return nil, ErrNotSerialisable }
func (NHSNumber) MarshalText() ([]byte, error)   { return nil, ErrNotSerialisable }
func (id Identifier) String() string             { return id.redacted() }
func (id Identifier) GoString() string           { return id.redacted() }
func (id Identifier) Format(f fmt.State, _ rune) { io.WriteString(f, id.redacted()) }
func (id Identifier) LogValue() slog.Value       { return slog.StringValue(id.redacted()) }
func (Identifier) MarshalJSON() ([]byte, error)  { return nil, ErrNotSerialisable }
func (Identifier) MarshalText() ([]byte, error)  { return nil, ErrNotSerialisable }
func (k Key) String() string                     { return k.redacted() }
func (k Key) GoString() string                   { return k.redacted() }
func (k Key) Format(f fmt.State, _ rune)         { io.WriteString(f, k.redacted()) }
func (k Key) LogValue() slog.Value               { return slog.StringValue(k.redacted()) }
func (Key) MarshalJSON() ([]byte, error)         { return nil, ErrNotSerialisable }
func (Key) MarshalText() ([]byte, error)         { return nil, ErrNotSerialisable }

// redacted names the kind only: the local system name is not personal data,
// but it can hint at a service (a sexual health clinic) and adds nothing to
// a log line.
func (id Identifier) redacted() string {
	switch id.kind {
	case KindNHS:
		return redactedNHSID
	case KindLocal:
		return redactedLocal
	}
	return redactedID
}

// redacted shows the version and the dev flag, which are not secret and help
// an operator see which key a process holds.
func (k Key) redacted() string {
	if k.IsZero() {
		return "[key unset]"
	}
	if k.dev {
		return "[dev key v" + strconv.Itoa(k.version) + "]"
	}
	return "[key v" + strconv.Itoa(k.version) + "]"
}
