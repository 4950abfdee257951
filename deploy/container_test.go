package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// instruction is one line of a Containerfile, continuations joined.
type instruction struct{ cmd, args string }

// readContainerfile returns the instructions of the last stage: the image.
func readContainerfile(t *testing.T) (final, all []instruction) {
	t.Helper()
	b, err := os.ReadFile("container/Containerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cmd, args, _ := strings.Cut(line, " ")
		in := instruction{strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			final = nil
		}
		final = append(final, in)
		all = append(all, in)
	}
	return final, all
}

// TestImageRunsAsNonRoot: a numeric UID and GID, so that Kubernetes'
// runAsNonRoot can check them, on a base with libc for cgo's binary.
func TestImageRunsAsNonRoot(t *testing.T) {
	t.Parallel()
	final, _ := readContainerfile(t)
	var user string
	for _, in := range final {
		switch in.cmd {
		case "USER":
			user = in.args
		case "FROM":
			if !strings.Contains(in.args, "distroless/cc") {
				t.Errorf("runtime base %s: want distroless/cc, which has the libc that pg_query_go's cgo needs", in.args)
			}
		case "RUN":
			t.Errorf("RUN in the runtime image (%s): it has no shell, and needs none", in.args)
		}
	}
	if !regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`).MatchString(user) {
		t.Errorf("USER %q: want a numeric, non-root UID:GID", user)
	}
}

// TestImageHoldsNoSecrets: ENV and ARG set only settings that are not
// secret; secrets come at run time as files.
func TestImageHoldsNoSecrets(t *testing.T) {
	t.Parallel()
	vars := configVars(t)
	_, all := readContainerfile(t)
	for _, in := range all {
		switch in.cmd {
		case "ENV":
			for _, kv := range strings.Fields(in.args) {
				k, _, _ := strings.Cut(kv, "=")
				if secret, known := vars[k]; !known || secret || strings.HasSuffix(k, "_FILE") {
					t.Errorf("ENV %s: only settings that are neither secret nor secret files belong in the image", k)
				}
			}
		case "ARG":
			k, _, _ := strings.Cut(in.args, "=")
			if !slices.Contains([]string{"GO_VERSION", "VERSION"}, k) {
				t.Errorf("ARG %s: build arguments stay in the image's history; no secret may be one", k)
			}
		}
	}
}

// TestImageCopiesWhatTheBinaryNeeds: the build stage copies every directory
// of the module that cmd/enclave is built from.
func TestImageCopiesWhatTheBinaryNeeds(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}{{end}}", "./cmd/enclave")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	_, all := readContainerfile(t)
	var copied []string
	for _, in := range all {
		if in.cmd == "COPY" && !strings.HasPrefix(in.args, "--from") {
			copied = append(copied, strings.Fields(in.args)[0])
		}
	}
	for dir := range strings.FieldsSeq(string(out)) {
		rel, err := filepath.Rel(root, dir)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue // a module dependency, fetched by go build
		}
		if top, _, _ := strings.Cut(filepath.ToSlash(rel), "/"); !slices.Contains(copied, top) {
			t.Errorf("cmd/enclave is built from %s, which the Containerfile does not copy", rel)
		}
	}
}
