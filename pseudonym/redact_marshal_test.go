package pseudonym

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactMarshal(t *testing.T) {
	t.Parallel()
	for _, s := range redactSubjects(t) {
		for cname, c := range s.wrap {
			b, err := json.Marshal(c)
			if err == nil {
				// Only containers that hide the value from encoding/json succeed.
				if !strings.Contains(cname, "unexported") {
					t.Errorf("%s %s: json.Marshal succeeded: %s", s.name, cname, b)
				}
				assertNoLeak(t, s, cname+" json", string(b))
				continue
			}
			if !errors.Is(err, ErrNotSerialisable) {
				t.Errorf("%s %s: json error is not ErrNotSerialisable: %v", s.name, cname, err)
			}
			assertNoLeak(t, s, cname+" json error", err.Error())
		}
		x, err := xml.Marshal(s.wrap["exported field"])
		if !errors.Is(err, ErrNotSerialisable) {
			t.Errorf("%s: xml.Marshal got %s, %v", s.name, x, err)
		}
	}
}

func TestRedactedForms(t *testing.T) {
	t.Parallel()
	n, _ := ParseNHSNumber("9434765919")
	local, _ := Local("sexual-health", "A1")
	dev, _ := NewDevKey(redactSecret, 4)
	prod, _ := NewKey(redactSecret, 4)
	tests := []struct {
		got, want string
	}{
		{fmt.Sprint(n), "[NHS number]"},
		{fmt.Sprintf("%#v", NHS(n)), "[nhs identifier]"},
		{local.String(), "[local identifier]"},
		{Identifier{}.String(), "[identifier]"},
		{prod.String(), "[key v4]"},
		{dev.GoString(), "[dev key v4]"},
		{Key{}.String(), "[key unset]"},
		{prod.Pseudonymise(local).LogValue().String(), "[pseudonym]"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q, want %q", i, tc.got, tc.want)
		}
	}
}

// Pseudonyms are not identifiers, but logs get only a placeholder.
func TestPseudonymLogValue(t *testing.T) {
	t.Parallel()
	id, _ := Local("pas", "1")
	p := testKey(t, false).Pseudonymise(id)
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "pid", p)
	if h := hex.EncodeToString(p.sum[:]); strings.Contains(buf.String(), h[:16]) {
		t.Errorf("slog output contains the pseudonym: %s", buf.String())
	}
}
