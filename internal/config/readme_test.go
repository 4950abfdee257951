package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEveryVariable keeps the README's configuration table true.
func TestReadmeListsEveryVariable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Describe() {
		row := "| `" + s.Var + "`"
		if s.Secret {
			row += " (or `" + s.Var + "_FILE`)"
		}
		def := ""
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		row += " | " + def + " | " + s.Description + " |"
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the configuration row\n%s", row)
		}
	}
}
