package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/reload"
	"github.com/research-enclave/enclave/internal/config"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// loadFiles reads the catalogue and the mappings at start, naming the
// variable that named the files in its error.
func loadFiles(c config.Config) (*reload.Files, error) {
	cat, err := loadCatalogue(c)
	if err != nil {
		return nil, err
	}
	ms, err := readMappings(c, cat)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_MAPPING_DIR: %w", err)
	}
	return &reload.Files{Catalogue: cat, Mappings: ms}, nil
}

// readFiles reads the catalogue and the mappings validated against it, for
// a reload. Its error lists every problem, one a line, naming the file and
// the line. In dev mode without directories the files are the demo's,
// built into the binary: they read the same every time.
func readFiles(c config.Config) (*reload.Files, error) {
	cat, err := readCatalogue(c)
	if err != nil {
		return nil, err
	}
	ms, err := readMappings(c, cat)
	if err != nil {
		return nil, err
	}
	return &reload.Files{Catalogue: cat, Mappings: ms}, nil
}

// loadCatalogue reads the catalogue, naming ENCLAVE_CATALOGUE_DIR in its
// error.
func loadCatalogue(c config.Config) (*catalogue.Catalogue, error) {
	cat, err := readCatalogue(c)
	if err != nil && c.CatalogueDir != "" {
		return nil, fmt.Errorf("ENCLAVE_CATALOGUE_DIR: %w", err)
	}
	return cat, err
}

// readCatalogue reads ENCLAVE_CATALOGUE_DIR; only dev mode may fall back to
// the embedded demo catalogue.
func readCatalogue(c config.Config) (*catalogue.Catalogue, error) {
	switch {
	case c.CatalogueDir != "":
		return catalogue.LoadDir(c.CatalogueDir)
	case c.Mode == config.ModeDev:
		return catalogue.Load(democatalogue.FS)
	}
	return nil, errors.New("ENCLAVE_CATALOGUE_DIR is not set: name the directory of the dataset catalogue files")
}

// readMappings reads ENCLAVE_MAPPING_DIR; dev mode falls back to the demo
// mappings. With neither, it returns nil: the server runs, but loads no data.
func readMappings(c config.Config, cat *catalogue.Catalogue) (*ingest.Mappings, error) {
	switch {
	case c.MappingDir != "":
		return ingest.LoadMappingsDir(c.MappingDir, cat)
	case c.Mode == config.ModeDev:
		return ingest.LoadMappings(demomappings.FS, cat)
	}
	return nil, nil
}

// logFiles logs the revisions of files: names and hashes, never values.
func logFiles(log *slog.Logger, msg string, f *reload.Files) {
	args := []any{"datasets", len(f.Catalogue.Datasets()), "catalogue_revision", f.Catalogue.Revision()}
	if f.Mappings != nil {
		args = append(args, "mappings", f.Mappings.Revisions())
	}
	log.Info(msg, args...)
}
