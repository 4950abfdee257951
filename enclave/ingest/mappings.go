package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"github.com/research-enclave/enclave/enclave/mapping"
)

// Mappings are the dataset mappings a server accepts loads with, by name.
// They are files reviewed like the catalogue, loaded and validated at
// start; a load names one.
type Mappings struct {
	byName map[string]*mapping.Mapping
}

// LoadMappings reads every *.yaml file at the root of fsys as a mapping,
// validated against cat. It reports every file's problems at once, and
// refuses two files that declare the same mapping name.
func LoadMappings(fsys fs.FS, cat mapping.Datasets) (*Mappings, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	ms := &Mappings{byName: map[string]*mapping.Mapping{}}
	var errs []error
	for _, name := range names {
		m, err := mapping.Load(fsys, name, cat)
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
