package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// digest hashes every file in dir, in name order, with its name.
func digest(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, e := range entries { // ReadDir sorts by name
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(e.Name() + "\x00"))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	a, sumA := generate(t, 300, 42)
	b, sumB := generate(t, 300, 42)
	c, _ := generate(t, 300, 43)
	if got, want := digest(t, b), digest(t, a); got != want {
		t.Errorf("same seed: digest %s, want %s", got, want)
	}
	if digest(t, c) == digest(t, a) {
		t.Error("seeds 42 and 43 gave identical files")
	}
	if sumA.OptedOut != sumB.OptedOut || sumA.Rows["gp_events.csv"] != sumB.Rows["gp_events.csv"] {
		t.Errorf("summaries differ: %+v vs %+v", sumA, sumB)
	}
}

func TestGenerateFiles(t *testing.T) {
	t.Parallel()
	dir, sum := generate(t, 200, 1)
	want := []string{"README.txt", "ae_attendances.csv", "ae_attendances.mapping.yaml",
		"breast_screening.csv", "breast_screening.mapping.yaml", "gp_events.csv", "gp_events.mapping.yaml",
		"optout_ndoo.dat", "optout_type1.dat", "patients.csv", "patients.mapping.yaml", "social_care.csv", "social_care.mapping.yaml"}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	if sum.People != 200 || sum.Rows["patients.csv"] != 200 {
		t.Errorf("summary = %+v, want 200 people and 200 patient rows", sum)
	}
	for ds, name := range sourceFiles {
		if n := len(readTable(t, dir, name).rows); n != sum.Rows[name] || n == 0 {
			t.Errorf("%s (%s): %d rows on disk, summary says %d", name, ds, n, sum.Rows[name])
		}
	}
}

// TestGenerateFrozen pins the files of two populations to their digests
// from before NHS numbers beyond the 999 range were added: a population that
// fits in the 999 range must still get byte-identical files.
func TestGenerateFrozen(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		people int
		seed   int64
		want   string
	}{
		{300, 42, "c1158c323e7bb68ced320f8cb5723f057dc36adc4c76d06b6a690fa1ef68064c"},
		{20_000, 7, "edb10e29719376b54b1dfc35cdb31cf5975455f4d9676a0bb1f2767b5bbd6acc"},
	} {
		dir, _ := generate(t, tt.people, tt.seed)
		if got := digest(t, dir); got != tt.want {
			t.Errorf("%d people, seed %d: digest %s, want %s", tt.people, tt.seed, got, tt.want)
		}
	}
}
