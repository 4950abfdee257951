package deploy

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestChartValuesHoldNoSecrets: values.yaml names Secrets and their keys,
// nothing else, and its settings are real variables that are not secret.
func TestChartValuesHoldNoSecrets(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(chartDir + "/values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Config  map[string]string
		Secrets map[string]map[string]string
	}
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for name, ref := range v.Secrets {
		for k := range ref {
			if k != "existingSecret" && k != "key" {
				t.Errorf("secrets.%s.%s: a secret is referenced by existingSecret and key only", name, k)
			}
		}
	}
	vars := configVars(t)
	for k := range v.Config {
		if secret, known := vars[k]; !known || secret {
			t.Errorf("config.%s: not a configuration variable, or a secret one (known %v, secret %v)", k, known, secret)
		}
	}
}
