package catalogue

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"testing/fstest"
)

func TestRevision(t *testing.T) {
	t.Parallel()
	// The documented construction: sorted (file name, NUL, content, NUL).
	h := sha256.New()
	for _, f := range []struct{ name, data string }{{"ae_attendances.yaml", aeFile}, {"patients.yaml", patientsFile}} {
		h.Write([]byte(f.name + "\x00" + f.data + "\x00"))
	}
	want := "sha256:" + hex.EncodeToString(h.Sum(nil))

	c := loadTwo(t)
	if got := c.Revision(); got != want {
		t.Errorf("Revision() = %s, want %s", got, want)
	}
	if again := loadTwo(t); again.Revision() != c.Revision() {
		t.Errorf("loading the same files twice gave %s and %s", c.Revision(), again.Revision())
	}

	// Other files do not count; a change to any byte of a catalogue file does.
	withReadme, err := Load(fstest.MapFS{"ae_attendances.yaml": file(aeFile), "patients.yaml": file(patientsFile), "README.md": file("x")})
	if err != nil {
		t.Fatal(err)
	}
	if withReadme.Revision() != want {
		t.Errorf("a README changed the revision")
	}
	changed, err := Load(fstest.MapFS{"ae_attendances.yaml": file(aeFile + "# reviewed\n"), "patients.yaml": file(patientsFile)})
	if err != nil {
		t.Fatal(err)
	}
	if changed.Revision() == want {
		t.Errorf("a changed file kept the revision %s", want)
	}
}
