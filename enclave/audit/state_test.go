package audit

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStateSaveLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	st, err := LoadState(path, true)
	if err != nil || st != nil {
		t.Fatalf("LoadState of a fresh state = %v, %v; want nil, nil", st, err)
	}
	want := State{VerifierKey: "o+01234567+AAAA", Checkpoint: "o\n1\nroot\ntime t\n\n— o sig\n", VerifiedAt: time.Date(2026, 12, 6, 15, 4, 5, 0, time.UTC)}
	for range 2 { // the second Save replaces the first
		if err := want.Save(path); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadState(path, false)
	if err != nil || got == nil || *got != want {
		t.Fatalf("LoadState = %+v, %v; want %+v", got, err, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left behind: %v", err)
	}
}

func TestLoadStateRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	saved := write("saved.json", `{"verifier_key":"k","checkpoint":"c","verified_at":"2026-12-06T15:04:05Z"}`)
	for _, tc := range []struct {
		name  string
		path  string
		fresh bool
		want  error
	}{
		{"missing", filepath.Join(dir, "typo.json"), false, ErrNoState},
		{"fresh over a saved state", saved, true, ErrStateExists},
		{"not JSON", write("garbage.json", "not json"), false, ErrNotState},
		{"no key", write("nokey.json", `{"checkpoint":"c"}`), false, ErrNotState},
		{"no checkpoint", write("nocp.json", `{"verifier_key":"k"}`), false, ErrNotState},
		{"a directory", dir, false, nil},
	} {
		st, err := LoadState(tc.path, tc.fresh)
		if st != nil || err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: LoadState = %v, %v; want %v", tc.name, st, err, tc.want)
		}
	}
}

func TestPinnedKey(t *testing.T) {
	t.Parallel()
	last := &State{VerifierKey: "pinned"}
	for _, tc := range []struct {
		name  string
		given string
		last  *State
		want  string
		err   error
	}{
		{"given, first run", "given", nil, "given", nil},
		{"none given: the pinned one", "", last, "pinned", nil},
		{"the pinned one given", "pinned", last, "pinned", nil},
		{"none at all", "", nil, "", ErrNoKey},
		{"another key given", "rotated", last, "", ErrKeyChanged},
	} {
		got, err := PinnedKey(tc.given, tc.last)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: PinnedKey = %q, %v; want %q, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

func TestParseVerifierKey(t *testing.T) {
	t.Parallel()
	_, vkey, err := NewDevSigner(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := ParseVerifierKey(vkey); err != nil || v.Name() != testOrigin {
		t.Errorf("ParseVerifierKey = %v, %v", v, err)
	}
	skey, _, _ := NewDevSigner(testOrigin)
	for _, key := range []string{"", "not a key", skey} {
		if _, err := ParseVerifierKey(key); err == nil {
			t.Errorf("ParseVerifierKey(%q) accepted it", key)
		}
	}
}
