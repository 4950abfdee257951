package synth

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym"
)

func TestNHSNumbersValidSyntheticUnique(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, 500, 7)
	people := map[string]bool{}
	for i, row := range readTable(t, dir, "patients.csv").rows {
		s := row["nhs_number"]
		n, err := pseudonym.ParseNHSNumber(s)
		if err != nil {
			t.Fatalf("patients row %d: ParseNHSNumber: %v", i+1, err)
		}
		if !n.Synthetic() || len(s) != 10 {
			t.Fatalf("patients row %d: not a ten-digit 999 number", i+1)
		}
		if people[s] {
			t.Fatalf("patients row %d: NHS number repeated", i+1)
		}
		people[s] = true
	}
	for ds, name := range sourceFiles {
		for i, row := range readTable(t, dir, name).rows {
			if !people[row["nhs_number"]] {
				t.Errorf("%s (%s) row %d: NHS number not in patients", name, ds, i+1)
			}
		}
	}
}

func TestNHSNumbersSkipCheckTen(t *testing.T) {
	t.Parallel()
	g := &nhsNumbers{a: 1, b: 0}
	for range 2000 {
		s, err := g.next()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pseudonym.ParseNHSNumber(s); err != nil {
			t.Fatalf("next() gave an invalid number: %v", err)
		}
	}
	if g.k <= 2000 {
		t.Errorf("consumed %d bodies for 2000 numbers, want some skipped (check digit 10)", g.k)
	}
}

func TestOptOutList(t *testing.T) {
	t.Parallel()
	for _, people := range []int{200, 333, 500} {
		dir, sum := generate(t, people, int64(people))
		f, err := os.Open(filepath.Join(dir, optOutFile))
		if err != nil {
			t.Fatal(err)
		}
		patients := map[string]bool{}
		for _, row := range readTable(t, dir, "patients.csv").rows {
			patients[row["nhs_number"]] = true
		}
		lines, commas := 0, 0
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines++
			line, comma := strings.CutSuffix(sc.Text(), ",")
			if comma {
				commas++
			}
			if _, err := pseudonym.ParseNHSNumber(line); err != nil || !patients[line] {
				t.Errorf("%d people: line %d is not a generated person's NHS number", people, lines)
			}
		}
		f.Close()
		share := float64(lines) / float64(people)
		if share < 0.03 || share > 0.07 || lines != sum.OptedOut {
			t.Errorf("%d people: %d opted out (summary %d), want 3-7%%", people, lines, sum.OptedOut)
		}
		if commas == 0 || commas == lines {
			t.Errorf("%d people: %d of %d lines with a trailing comma, want some", people, commas, lines)
		}
	}
}

// TestNHSNumbersBeyond999 runs one generator through the whole 999 range
// and into 998 and 997: every number valid, none repeated, the prefixes in
// order.
func TestNHSNumbersBeyond999(t *testing.T) {
	t.Parallel()
	g := newNHSNumbers(newRand(3))
	seen := make(map[string]bool, 2_000_000)
	last := firstPrefix
	for range 2_000_000 {
		s, err := g.next()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pseudonym.ParseNHSNumber(s); err != nil {
			t.Fatalf("next() gave an invalid number: %v", err)
		}
		if seen[s] {
			t.Fatal("next() repeated a number")
		}
		seen[s] = true
		prefix := int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
		if prefix > last || prefix < last-1 {
			t.Fatalf("prefix %d after %d, want the prefixes in descending order", prefix, last)
		}
		last = prefix
	}
	if last != 997 || g.lowestPrefix() != 997 {
		t.Errorf("after 2,000,000 numbers: prefix %d (lowestPrefix %d), want 997", last, g.lowestPrefix())
	}
}

func TestNHSNumbersExhausted(t *testing.T) {
	t.Parallel()
	g := &nhsNumbers{a: 1, k: nhsBodies*(firstPrefix-lastPrefix+1) - 1}
	for range 2 {
		if _, err := g.next(); err != nil {
			return
		}
	}
	t.Error("next() past prefix 900 gave no error")
}
