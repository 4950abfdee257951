package ingest

import (
	"fmt"

	"github.com/research-enclave/enclave/enclave"
)

// MappingInfo describes a mapping the server loads with: enough for a
// client to compare a file's header with it before sending the file
// (mapping.CompareHeader), and to name the revision it will be loaded
// under. It holds the mapping's own names, never data.
type MappingInfo struct {
	Name      string   `json:"name"`
	Version   int      `json:"version"`
	Dataset   string   `json:"dataset"`
	Revision  string   `json:"revision"`
	Delimiter string   `json:"delimiter"`
	Sources   []string `json:"sources"` // every source column the mapping names: a file's header must hold exactly these
}

// Mapping describes the mapping called name, among those in force.
func (s *Service) Mapping(name string) (MappingInfo, error) {
	ms := s.Mappings()
	m, ok := ms.Get(name)
	if !ok {
		return MappingInfo{}, enclave.E(enclave.CodeNotFound, fmt.Sprintf("no mapping %q: the server has %v", name, ms.Names()))
	}
	return MappingInfo{Name: m.Name(), Version: m.Version(), Dataset: m.Dataset(), Revision: m.Revision(),
		Delimiter: string(m.Delimiter()), Sources: m.Sources()}, nil
}
