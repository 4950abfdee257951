package policies

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"testing"
	"testing/fstest"
)

func TestRevision(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	rev := e.Revision()
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(rev) {
		t.Fatalf("Revision = %q, want sha256: and 64 lower-case hex digits", rev)
	}
	if again := newTestEngine(t).Revision(); again != rev {
		t.Errorf("Revision changed between engines: %q, then %q", rev, again)
	}

	// The documented format, computed independently over the policy files
	// in name order.
	h := sha256.New()
	names := []string{
		"authz.rego", "enrolment.rego",
		"governance.rego", "governance_approval.rego", "governance_input.rego",
		"governance_proposal.rego", "governance_state.rego", "governance_use.rego",
		"history.rego", "retraction.rego", "review.rego",
	}
	for _, name := range names {
		src, err := fs.ReadFile(embedded, name)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(name + "\x00" + string(src) + "\x00"))
	}
	if want := "sha256:" + hex.EncodeToString(h.Sum(nil)); rev != want {
		t.Errorf("Revision = %q, want %q (%v)", rev, want, names)
	}
}

func TestRevisionFollowsPolicyContent(t *testing.T) {
	t.Parallel()
	base := policyFS(t, nil)
	rev := bundleRevision(t, base)
	if want := newTestEngine(t).Revision(); rev != want {
		t.Fatalf("revision of the embedded files = %q, engine says %q", rev, want)
	}

	changed := policyFS(t, nil)
	changed["authz.rego"] = &fstest.MapFile{Data: append(append([]byte{}, base["authz.rego"].Data...), "\n# comment\n"...)}
	if got := bundleRevision(t, changed); got == rev {
		t.Error("revision unchanged after a policy file changed")
	}

	added := policyFS(t, map[string]string{"extra.rego": "package enclave.extra\n"})
	if got := bundleRevision(t, added); got == rev {
		t.Error("revision unchanged after a policy file was added")
	}

	// A file's name counts: moving content between files changes the revision.
	renamed := policyFS(t, nil)
	renamed["zz.rego"] = renamed["authz.rego"]
	delete(renamed, "authz.rego")
	if got := bundleRevision(t, renamed); got == rev {
		t.Error("revision unchanged after a policy file was renamed")
	}

	tests := policyFS(t, map[string]string{"authz_test.rego": "package enclave.authz_test\n\ntest_other if true\n"})
	if got := bundleRevision(t, tests); got != rev {
		t.Error("revision changed after only a _test.rego file changed")
	}
}

func bundleRevision(t *testing.T, fsys fs.FS) string {
	t.Helper()
	b, err := loadBundle(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return b.revision()
}
