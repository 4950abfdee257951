package synth

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/research-enclave/enclave/mappings"
)

// writeMappings writes the demo dataset mappings (package mappings: one
// per CSV file, patients.mapping.yaml for patients.csv and so on) into dir,
// beside the CSV files, so that the directory loads as it is.
func writeMappings(dir string) error {
	names, err := fs.Glob(mappings.FS, "*.mapping.yaml")
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(mappings.FS, name)
		if err != nil {
			return fmt.Errorf("synth: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}
