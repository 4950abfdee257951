package pseudonym

import (
	"errors"
	"strings"
	"testing"
)

func TestLocal(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 63)
	tests := []struct {
		name, system, value string
		err                 error
	}{
		{"simple", "leeds-gp", "H123456", nil},
		{"dotted system", "lth.pas_v2", "0042", nil},
		{"one-char system", "x", "v", nil},
		{"longest system", long, "v", nil},
		{"value with colon and space", "socialcare", "A:1 B", nil},
		{"unicode value", "pas", "Zoë-Ølund", nil},
		{"longest value", "pas", strings.Repeat("9", 128), nil},
		{"empty system", "", "v", ErrLocalSystem},
		{"system too long", long + "a", "v", ErrLocalSystem},
		{"system upper case", "Leeds", "v", ErrLocalSystem},
		{"system with colon", "a:b", "v", ErrLocalSystem},
		{"system starts with dot", ".pas", "v", ErrLocalSystem},
		{"system with space", "le eds", "v", ErrLocalSystem},
		{"empty value", "pas", "", ErrLocalValue},
		{"value too long", "pas", strings.Repeat("9", 129), ErrLocalValue},
		{"value with newline", "pas", "12\n34", ErrLocalValue},
		{"value with tab", "pas", "12\t34", ErrLocalValue},
		{"value with NUL", "pas", "12\x0034", ErrLocalValue},
		{"value with DEL", "pas", "12\x7f", ErrLocalValue},
		{"invalid UTF-8", "pas", "12\xff", ErrLocalValue},
		{"zero-width joiner", "pas", "12\u200d34", ErrLocalValue},
		{"bidi override", "pas", "12\u202e34", ErrLocalValue},
		{"non-breaking space", "pas", "12\u00a034", ErrLocalValue},
		{"leading space", "pas", " 1234", ErrLocalValue},
		{"trailing space", "pas", "1234 ", ErrLocalValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id, err := Local(tc.system, tc.value)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("Local: got %v, want %v", err, tc.err)
			}
			if tc.err != nil {
				if !id.IsZero() {
					t.Error("failed Local returned a non-zero Identifier")
				}
				return
			}
			want := "local:" + tc.system + ":" + tc.value
			if got := string(id.DomainMessage()); got != want {
				t.Errorf("DomainMessage: got %q, want %q", got, want)
			}
			if id.Kind() != KindLocal || id.System() != tc.system {
				t.Errorf("Kind, System: got %q %q", id.Kind(), id.System())
			}
		})
	}
}

func TestNHSIdentifier(t *testing.T) {
	t.Parallel()
	n, err := ParseNHSNumber("943 476 5919")
	if err != nil {
		t.Fatal(err)
	}
	id := NHS(n)
	if got := string(id.DomainMessage()); got != "nhs:9434765919" {
		t.Errorf("DomainMessage: got %q", got)
	}
	if id.Kind() != KindNHS || id.System() != "" || id.IsZero() {
		t.Errorf("Kind, System, IsZero: got %q %q %v", id.Kind(), id.System(), id.IsZero())
	}
	if z := NHS(NHSNumber{}); !z.IsZero() || z.DomainMessage() != nil {
		t.Error("NHS of the zero NHSNumber is not the zero Identifier")
	}
	// DomainMessage returns a copy.
	m := id.DomainMessage()
	m[0] = 'X'
	if string(id.DomainMessage()) != "nhs:9434765919" {
		t.Error("DomainMessage exposes internal storage")
	}
}

// The same digits as an NHS number and as local values must give three
// different pseudonyms: that is what the prefixes are for.
func TestDomainSeparation(t *testing.T) {
	t.Parallel()
	k := testKey(t, false)
	n, _ := ParseNHSNumber("9434765919")
	a, _ := Local("pas", "9434765919")
	b, _ := Local("nhs", "9434765919")
	ps := map[Pseudonym]string{}
	for name, id := range map[string]Identifier{"nhs": NHS(n), "local pas": a, "local nhs": b} {
		p := k.Pseudonymise(id)
		if other, dup := ps[p]; dup {
			t.Errorf("%s and %s share a pseudonym", name, other)
		}
		ps[p] = name
	}
	if len(ps) != 3 {
		t.Errorf("got %d distinct pseudonyms, want 3", len(ps))
	}
}
