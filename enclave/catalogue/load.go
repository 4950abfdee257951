package catalogue

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// Load reads and validates every *.yaml file at the root of fsys, one
// dataset per file. Files starting with "." and subdirectories are ignored;
// a *.yml file is an error (it would otherwise be silently skipped), and so
// is a directory with no *.yaml file. When any file breaks a rule, Load
// returns an *Error listing every problem in every file.
func Load(fsys fs.FS) (*Catalogue, error) {
	return load(fsys, func(name string) string { return name })
}

// LoadDir is Load over a directory on disk. Problems name files by their path
// under dir; the revision does not depend on dir.
func LoadDir(dir string) (*Catalogue, error) {
	return load(os.DirFS(dir), func(name string) string { return filepath.Join(dir, name) })
}

func load(fsys fs.FS, display func(string) string) (*Catalogue, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	var (
		probs    []Problem
		datasets []*Dataset
		seen     int // *.yaml files
		sum      = sha256.New()
	)
	for _, e := range entries { // fs.ReadDir sorts by name, as Revision needs
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		if path.Ext(name) == ".yml" {
			probs = append(probs, Problem{File: display(name), Message: `catalogue files must end in ".yaml"`})
			continue
		}
		if path.Ext(name) != ".yaml" {
			continue
		}
		seen++
		data, err := yamlfile.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: display(name), Message: err.Error()})
			continue
		}
		sum.Write([]byte(name))
		sum.Write([]byte{0})
		sum.Write(data)
		sum.Write([]byte{0})

		d, ps := parseFile(display(name), strings.TrimSuffix(name, ".yaml"), data)
		probs = append(probs, ps...)
		if d != nil {
			datasets = append(datasets, d)
		}
	}
	if seen == 0 && len(probs) == 0 {
		probs = append(probs, Problem{File: display("."), Message: "no *.yaml dataset files"})
	}
	if len(probs) > 0 {
		return nil, newError(probs)
	}
	return newCatalogue(datasets, "sha256:"+hex.EncodeToString(sum.Sum(nil))), nil
}

// parseFile reads one catalogue file into a Dataset. stem is the file name
// without ".yaml", which the dataset name must equal. The Dataset is nil
// whenever there are problems.
func parseFile(file, stem string, data []byte) (*Dataset, []Problem) {
	r := &reader{yamlfile.NewReader(file, data)}
	root, ok := r.Document(data, "dataset")
	if !ok {
		return nil, r.Problems
	}
	d := r.dataset(root, stem)
	if len(r.Problems) > 0 {
		return nil, r.Problems
	}
	return d, nil
}

// reader reads one catalogue file; its methods hold the catalogue's rules.
type reader struct {
	yamlfile.Reader
}
