package catalogue

import "github.com/research-enclave/enclave/enclave"

var _ enclave.Datasets = (*Catalogue)(nil)

// DatasetFacts tells governance what it needs of the named dataset: its
// sensitivity, its minimum disclosure settings and the columns a project
// may be granted.
func (c *Catalogue) DatasetFacts(name string) (enclave.DatasetFacts, bool) {
	d, ok := c.byName[name]
	if !ok {
		return enclave.DatasetFacts{}, false
	}
	f := enclave.DatasetFacts{
		Sensitive: d.Sensitivity == SensitivitySensitive,
		Minimum:   enclave.Disclosure{Threshold: d.Disclosure.Threshold, Rounding: d.Disclosure.Rounding},
		Usable:    []string{},
	}
	for _, col := range d.Columns {
		if col.Outputtable() {
			f.Usable = append(f.Usable, col.Name)
		}
	}
	return f, true
}
