package catalogue

import (
	"encoding/json"
	"slices"
	"strings"
)

// Catalogue is the loaded, validated set of datasets. It is immutable: every
// accessor returns copies, so it is safe for concurrent use and no caller
// can loosen a dataset's rules after load.
type Catalogue struct {
	datasets []*Dataset // sorted by name
	byName   map[string]*Dataset
	revision string
}

func newCatalogue(ds []*Dataset, revision string) *Catalogue {
	slices.SortFunc(ds, func(a, b *Dataset) int { return strings.Compare(a.Name, b.Name) })
	c := &Catalogue{datasets: ds, byName: make(map[string]*Dataset, len(ds)), revision: revision}
	for _, d := range ds {
		c.byName[d.Name] = d
	}
	return c
}

// Datasets returns copies of all datasets, sorted by name.
func (c *Catalogue) Datasets() []*Dataset {
	out := make([]*Dataset, len(c.datasets))
	for i, d := range c.datasets {
		out[i] = d.clone()
	}
	return out
}

// Dataset returns a copy of the named dataset.
func (c *Catalogue) Dataset(name string) (*Dataset, bool) {
	d, ok := c.byName[name]
	if !ok {
		return nil, false
	}
	return d.clone(), true
}

// Revision identifies the exact catalogue files loaded: "sha256:" followed by
// the lowercase hex SHA-256 over, for each *.yaml file in name order, the
// file name, a zero byte, the file's bytes and a zero byte. It does not
// depend on where the files live, so every replica loading the same files
// reports the same revision; queries and audit records carry it.
func (c *Catalogue) Revision() string { return c.revision }

// View is the JSON body of GET /v1/catalogue: the revision and the
// declarations, nothing else.
type View struct {
	Revision string     `json:"revision"`
	Datasets []*Dataset `json:"datasets"`
}

// View returns the read-only view of the catalogue for researchers and
// governance officers.
func (c *Catalogue) View() View {
	return View{Revision: c.revision, Datasets: c.Datasets()}
}

// MarshalJSON writes the catalogue as its View.
func (c *Catalogue) MarshalJSON() ([]byte, error) {
	return json.Marshal(c.View())
}
