package deploy

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type composeService struct {
	Command     []string
	Environment map[string]string
	Secrets     []string
	User        string
	ReadOnly    bool     `yaml:"read_only"`
	CapDrop     []string `yaml:"cap_drop"`
	Restart     string
	DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
}

type composeFile struct {
	Services map[string]composeService
	Secrets  map[string]map[string]string
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("compose/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestComposeMigratesFirstAsTheOwner: migrate runs once, with the owner's
// URL; the server starts after it succeeded, without that URL.
func TestComposeMigratesFirstAsTheOwner(t *testing.T) {
	t.Parallel()
	c := readCompose(t)
	migrate, server := c.Services["migrate"], c.Services["enclave"]
	if !slices.Equal(migrate.Command, []string{"migrate"}) || migrate.Restart != "no" {
		t.Errorf("migrate: command %v, restart %q; want a one-shot enclave migrate", migrate.Command, migrate.Restart)
	}
	if migrate.Environment["ENCLAVE_MIGRATE_DATABASE_URL_FILE"] != "/run/secrets/migrate-database-url" || !slices.Contains(migrate.Secrets, "migrate-database-url") {
		t.Error("migrate is not given the owner's URL as a secret file")
	}
	if got := server.DependsOn["migrate"].Condition; got != "service_completed_successfully" {
		t.Errorf("the server depends on migrate with %q, want service_completed_successfully", got)
	}
	for k := range server.Environment {
		if strings.Contains(k, "MIGRATE") {
			t.Errorf("the server is given %s", k)
		}
	}
	if slices.Contains(server.Secrets, "migrate-database-url") {
		t.Error("the server is given the owner's URL")
	}
}

// TestComposeContainersAreLockedDown: the enclave's containers run as a
// numeric non-root user, with a read-only root and no capabilities.
func TestComposeContainersAreLockedDown(t *testing.T) {
	t.Parallel()
	c := readCompose(t)
	for _, name := range []string{"migrate", "enclave"} {
		s := c.Services[name]
		if !s.ReadOnly || !slices.Equal(s.CapDrop, []string{"ALL"}) {
			t.Errorf("%s: read_only %v, cap_drop %v; want a read-only root and no capabilities", name, s.ReadOnly, s.CapDrop)
		}
		if s.User != "" && !regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`).MatchString(s.User) {
			t.Errorf("%s: user %q, want the image's or a numeric non-root one", name, s.User)
		}
	}
}

// TestComposeSecretsAreFiles: every secret is a file that make-secrets.sh
// (or the README's Vault and token steps) writes under ./secrets, named
// to the enclave by *_FILE; no secret is given as a value.
func TestComposeSecretsAreFiles(t *testing.T) {
	t.Parallel()
	c := readCompose(t)
	script, err := os.ReadFile("compose/make-secrets.sh")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range c.Secrets {
		if src["file"] != "./secrets/"+name || len(src) != 1 {
			t.Errorf("secret %s: %v, want file ./secrets/%s", name, src, name)
		}
		if !strings.Contains(string(script), "put "+name+"\n") {
			t.Errorf("make-secrets.sh does not make secrets/%s", name)
		}
	}
	vars := configVars(t)
	for svc, s := range c.Services {
		for k, v := range s.Environment {
			secret, known := vars[k]
			switch {
			case strings.HasPrefix(k, "POSTGRES_PASSWORD") && k != "POSTGRES_PASSWORD_FILE":
				t.Errorf("%s: %s is a value; give POSTGRES_PASSWORD_FILE", svc, k)
			case !strings.HasPrefix(k, "ENCLAVE_"):
			case !known || secret:
				t.Errorf("%s: %s is not a configuration variable, or a secret given as a value", svc, k)
			case strings.HasSuffix(k, "_FILE") && !slices.Contains(s.Secrets, strings.TrimPrefix(v, "/run/secrets/")):
				t.Errorf("%s: %s=%s is not one of its secrets", svc, k, v)
			}
		}
	}
}
