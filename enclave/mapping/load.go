package mapping

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// Datasets finds catalogue datasets by name; *catalogue.Catalogue is one.
type Datasets interface {
	Dataset(name string) (*catalogue.Dataset, bool)
}

// Load reads the mapping file name from fsys and validates it against the
// dataset it names in cat. Lookup files it names are read from fsys too,
// relative to the mapping file's directory. When anything breaks a rule,
// Load returns an *Error listing every problem found.
func Load(fsys fs.FS, name string, cat Datasets) (*Mapping, error) {
	return load(fsys, name, cat, func(n string) string { return n })
}

// LoadFile is Load for a mapping file on disk; problems name files by path.
func LoadFile(file string, cat Datasets) (*Mapping, error) {
	dir := filepath.Dir(file)
	return load(os.DirFS(dir), filepath.Base(file), cat, func(n string) string {
		return filepath.Join(dir, filepath.FromSlash(n))
	})
}

func load(fsys fs.FS, name string, cat Datasets, display func(string) string) (*Mapping, error) {
	data, err := yamlfile.ReadFile(fsys, name)
	if err != nil {
		return nil, newError([]Problem{{File: display(name), Message: err.Error()}})
	}
	d := &decoder{
		Reader:  yamlfile.NewReader(display(name), data),
		fsys:    fsys,
		dir:     path.Dir(name),
		display: display,
		sum:     sha256.New(),
	}
	d.sum.Write(data)
	d.sum.Write([]byte{0})
	root, ok := d.Document(data, "mapping")
	if !ok {
		return nil, newError(d.Problems)
	}
	m := d.mappingFile(root, cat)
	if len(d.Problems) > 0 {
		return nil, newError(d.Problems)
	}
	m.revision = "sha256:" + hex.EncodeToString(d.sum.Sum(nil))
	return m, nil
}

// decoder reads one mapping file: its YAML, the catalogue dataset it names
// and the lookup files it names.
type decoder struct {
	yamlfile.Reader
	fsys    fs.FS
	dir     string // the mapping file's directory in fsys
	display func(string) string
	sum     hash.Hash // Revision
	ds      *catalogue.Dataset
}
