// Package reload holds the catalogue and the mappings the enclave serves
// by, and replaces them while it runs. A reload re-reads the files,
// validates them (every catalogue file, every mapping against the new
// catalogue, a table in the database for every dataset version), audits
// the revisions and only then puts the new set in force; anything wrong,
// and the old set stays. Each request reads the set in force once, at its
// start, so that a reload never changes the revision under a request in
// flight: it finishes, and its manifest says so, under the one it began
// with.
package reload

import (
	"sync/atomic"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// Files is one revision of the files: the catalogue and the mappings
// validated against it. A Files never changes; a reload makes a new one.
type Files struct {
	Catalogue *catalogue.Catalogue
	// Mappings are nil when the server has none configured (and then it
	// loads no data); otherwise Mappings.Catalogue() is Catalogue.
	Mappings *ingest.Mappings
}

// Current is the Files in force. Services take its methods as the
// functions they read the catalogue or the mappings with, once per call.
type Current struct {
	p atomic.Pointer[Files]
}

// NewCurrent puts f in force.
func NewCurrent(f *Files) *Current {
	c := &Current{}
	c.p.Store(f)
	return c
}

// Files returns the Files in force.
func (c *Current) Files() *Files { return c.p.Load() }

// Catalogue returns the catalogue in force.
func (c *Current) Catalogue() *catalogue.Catalogue { return c.Files().Catalogue }

// Mappings returns the mappings in force, with their catalogue.
func (c *Current) Mappings() *ingest.Mappings { return c.Files().Mappings }

// Datasets returns the catalogue in force, as governance reads it.
func (c *Current) Datasets() enclave.Datasets { return c.Catalogue() }

// CatalogueRevision returns the revision of the catalogue in force.
func (c *Current) CatalogueRevision() string { return c.Catalogue().Revision() }

// revisions are the revisions of f's mappings, by name; none without
// mappings.
func (f *Files) revisions() map[string]string {
	if f.Mappings == nil {
		return map[string]string{}
	}
	return f.Mappings.Revisions()
}
