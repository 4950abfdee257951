// Package mappings holds the demo and test dataset mappings: how each CSV
// file that `enclave synth` writes loads into its demo catalogue dataset
// (package catalogue). The format is documented in package enclave/mapping
// and docs/ingest.md; a new source needs only a new file like these.
//
// They are embedded so that the demo and tests need no files on disk, and
// `enclave synth` writes them beside its CSV files. Production does not use
// them: the server reads ENCLAVE_MAPPING_DIR, under change control like the
// catalogue.
package mappings

import "embed"

// FS holds the demo mapping files, one mapping per *.mapping.yaml file.
//
//go:embed *.mapping.yaml
var FS embed.FS
