package pseudonym

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"testing"
)

// Invariant 1: an identifier (or a key) never reaches a log line or an error.
// These tests push NHSNumber, Identifier and Key through every route we know
// of and look for the secret in any common rendering.

type exported[T any] struct{ V T }

type hidden[T any] struct{ v T } // fmt cannot call methods on v

// redactSecret is random-looking so that field names and addresses cannot
// match it by chance.
var redactSecret = []byte("Zq8xW3pL9mK2vN7bR4tY6uE1oI5aS0dF")

type subject struct {
	name    string
	secrets []string // raw secrets; every rendering of each is searched
	window  int      // shortest run that counts as a leak
	wrap    map[string]any
}

func redactSubjects(t *testing.T) []subject {
	n, err := ParseNHSNumber("943 476 5919")
	if err != nil {
		t.Fatal(err)
	}
	local, err := Local("pas", "H98765432")
	if err != nil {
		t.Fatal(err)
	}
	key, err := NewKey(redactSecret, 2)
	if err != nil {
		t.Fatal(err)
	}
	dev, _ := NewDevKey(redactSecret, 2)
	derived, _ := key.Derive("record", "x")
	return []subject{
		{"NHSNumber", []string{"9434765919"}, 5, wrap(n)},
		{"NHS Identifier", []string{"9434765919"}, 5, wrap(NHS(n))},
		{"local Identifier", []string{"H98765432"}, 5, wrap(local)},
		{"Key", []string{string(redactSecret)}, 8, wrap(key)},
		{"dev Key", []string{string(redactSecret)}, 8, wrap(dev)},
		{"derived Key", []string{*derived.material, string(redactSecret)}, 8, wrap(derived)},
	}
}

// wrap puts v in the containers a value meets in real code.
func wrap[T any](v T) map[string]any {
	return map[string]any{
		"value": v, "pointer": &v, "slice": []T{v}, "map": map[string]T{"k": v},
		"exported field": exported[T]{v}, "unexported field": hidden[T]{v},
		"pointer to unexported field": &hidden[T]{v}, "unexported field inside exported": exported[hidden[T]]{hidden[T]{v}},
	}
}

// renderings of a secret that a leak might take.
func renderings(secret string) []string {
	b := []byte(secret)
	dec := strings.Trim(fmt.Sprint(b), "[]")
	return []string{secret, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
		dec, fmt.Sprintf("% x", b), base64.StdEncoding.EncodeToString(b)}
}

func assertNoLeak(t *testing.T, s subject, route, out string) {
	t.Helper()
	for _, secret := range s.secrets {
		for _, r := range renderings(secret) {
			for i := 0; i+s.window <= len(r); i++ {
				if strings.Contains(out, r[i:i+s.window]) {
					t.Errorf("%s via %s: output contains part of the secret: %q", s.name, route, out)
					return
				}
			}
		}
	}
}

var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%o", "%b", "%c",
	"%U", "%e", "%f", "%g", "%t", "%p", "%T", "%10v", "%-12s", "%#x", "% x", "%08d", "%.3s"}

func TestRedactFmt(t *testing.T) {
	t.Parallel()
	for _, s := range redactSubjects(t) {
		for cname, c := range s.wrap {
			for _, verb := range verbs {
				assertNoLeak(t, s, cname+" "+verb, fmt.Sprintf(verb, c))
			}
			assertNoLeak(t, s, cname+" Sprint", fmt.Sprint(c)+fmt.Sprintln(c))
			assertNoLeak(t, s, cname+" Errorf %v", fmt.Errorf("row 3: %v", c).Error())
			err := fmt.Errorf("row 3: %w: %+v", ErrChecksum, c)
			assertNoLeak(t, s, cname+" Errorf %w", fmt.Errorf("load: %w", err).Error())
			var buf bytes.Buffer
			log.New(&buf, "", 0).Printf("row %v", c)
			assertNoLeak(t, s, cname+" log", buf.String())
		}
	}
}

func TestRedactSlog(t *testing.T) {
	t.Parallel()
	for _, s := range redactSubjects(t) {
		var buf bytes.Buffer
		// No timestamps: their digits can match a fragment of the secret
		// by chance, which would fail the test for nothing.
		opts := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}}
		for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, opts), slog.NewTextHandler(&buf, opts)} {
			l := slog.New(h)
			for cname, c := range s.wrap {
				l.Info("row", "value", c)
				l.Info("row", slog.Any("any", c), slog.Group("g", "v", c))
				l.With("w", c).Error("wrapped", "err", fmt.Errorf("x: %v", c))
				assertNoLeak(t, s, cname+" slog", buf.String())
				buf.Reset()
			}
		}
	}
}
