// Package catalogue is the demo and test dataset catalogue: the declarations
// of the synthetic, Leeds-like datasets that `enclave demo` loads and tests
// use (patients, gp_events, ae_attendances, breast_screening, social_care).
// The files follow the format documented in package enclave/catalogue and
// are loaded with its Load:
//
//	cat, err := catalogue.Load(democatalogue.FS)
//
// They are embedded so that the demo and tests need no files on disk.
// Production does not use them: the server is pointed at its own directory
// of catalogue files, under the data governance officer's change control.
package catalogue

import "embed"

// FS holds the demo catalogue files, one dataset per *.yaml file.
//
//go:embed *.yaml
var FS embed.FS
