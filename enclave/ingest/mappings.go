package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/mapping"
)

// Mappings are the dataset mappings a server accepts loads with, by name.
// They are files reviewed like the catalogue, loaded and validated at
// start or reload; a load names one. A set never changes: it keeps the
// catalogue it was validated against, so that a load reads both at once.
type Mappings struct {
	cat    *catalogue.Catalogue
	byName map[string]*mapping.Mapping
}

// LoadMappings reads every *.yaml file at the root of fsys as a mapping,
// validated against cat. It reports every file's problems at once, and
// refuses two files that declare the same mapping name.
func LoadMappings(fsys fs.FS, cat *catalogue.Catalogue) (*Mappings, error) {
	return loadMappings(fsys, cat, func(name string) (*mapping.Mapping, error) { return mapping.Load(fsys, name, cat) })
}

// LoadMappingsDir is LoadMappings over a directory on disk; problems name
// files by their path.
func LoadMappingsDir(dir string, cat *catalogue.Catalogue) (*Mappings, error) {
	return loadMappings(os.DirFS(dir), cat, func(name string) (*mapping.Mapping, error) {
		return mapping.LoadFile(filepath.Join(dir, name), cat)
	})
}

func loadMappings(fsys fs.FS, cat *catalogue.Catalogue, load func(name string) (*mapping.Mapping, error)) (*Mappings, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	ms := &Mappings{cat: cat, byName: map[string]*mapping.Mapping{}}
	var errs []error
	for _, name := range names {
		m, err := load(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := ms.byName[m.Name()]; dup {
			errs = append(errs, fmt.Errorf("%s: mapping %q is declared by another file too", name, m.Name()))
			continue
		}
		ms.byName[m.Name()] = m
	}
	return ms, errors.Join(errs...)
}

// Get returns the mapping called name.
func (ms *Mappings) Get(name string) (*mapping.Mapping, bool) {
	m, ok := ms.byName[name]
	return m, ok
}

// Names lists the mappings in name order.
func (ms *Mappings) Names() []string { return slices.Sorted(maps.Keys(ms.byName)) }

// Catalogue is the catalogue the mappings were validated against.
func (ms *Mappings) Catalogue() *catalogue.Catalogue { return ms.cat }

// Revisions are the revision of each mapping, by name.
func (ms *Mappings) Revisions() map[string]string {
	out := make(map[string]string, len(ms.byName))
	for name, m := range ms.byName {
		out[name] = m.Revision()
	}
	return out
}
