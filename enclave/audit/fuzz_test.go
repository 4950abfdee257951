package audit

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParse: Parse never panics, and whatever it accepts is canonical: it
// re-encodes to the same bytes, and has no newline.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(fixtureEvents); err == nil {
		for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			f.Add(line)
		}
	}
	for i := range uint64(3) {
		if c, err := sampleEvent(i).Canonical(); err == nil {
			f.Add(c)
		}
	}
	f.Add([]byte(`{"v":1,"seq":0}`))
	f.Add([]byte(`{"v":2,"seq":0,"time":""}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Parse(b)
		if err != nil {
			return
		}
		c, err := e.Canonical()
		if err != nil {
			t.Fatalf("Parse accepted %q but Canonical fails: %v", b, err)
		}
		if !bytes.Equal(c, b) {
			t.Fatalf("Canonical(Parse(b)) != b:\n got %q\nwant %q", c, b)
		}
		if bytes.IndexByte(b, '\n') >= 0 {
			t.Fatalf("accepted a newline: %q", b)
		}
	})
}
