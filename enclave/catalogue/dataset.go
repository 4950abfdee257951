package catalogue

import (
	"slices"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// Sensitivity says how carefully a dataset is governed. A project that uses
// any sensitive dataset needs two approvals.
type Sensitivity string

// The sensitivity levels.
const (
	SensitivityStandard  Sensitivity = "standard"
	SensitivitySensitive Sensitivity = "sensitive"
)

const sensitivityNames = "standard, sensitive"

func (s Sensitivity) valid() bool {
	return s == SensitivityStandard || s == SensitivitySensitive
}

// Dataset is one dataset the enclave holds, as declared in its catalogue
// file. The JSON form is the declaration only: it is what /v1/catalogue
// shows researchers.
type Dataset struct {
	Name        string      `json:"name"`
	Version     int         `json:"version"`
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	Sensitivity Sensitivity `json:"sensitivity"`
	// Review holds every answer that uses the dataset for output review by
	// governance officers before it is released (docs/review.md).
	Review     bool       `json:"review,omitempty"`
	Person     string     `json:"person"`
	Disclosure Disclosure `json:"disclosure"`
	Columns    []Column   `json:"columns"`
}

// Column returns the column with the given name.
func (d *Dataset) Column(name string) (*Column, bool) {
	for i := range d.Columns {
		if d.Columns[i].Name == name {
			return &d.Columns[i], true
		}
	}
	return nil, false
}

// clone returns a deep copy, so that callers can never change the catalogue.
func (d *Dataset) clone() *Dataset {
	c := *d
	c.Columns = slices.Clone(d.Columns)
	for i := range c.Columns {
		c.Columns[i].Values = slices.Clone(c.Columns[i].Values)
		c.Columns[i].Bins = c.Columns[i].Bins.clone()
	}
	return &c
}

// Disclosure holds the minimum statistical disclosure settings of a dataset:
// a project may set stricter ones, never looser. Mode and the magnitude
// rules are the dataset's own; the governance policy combines them for a
// query that uses several datasets.
type Disclosure struct {
	// Threshold is the smallest count released; smaller counts are suppressed.
	Threshold int `json:"threshold"`
	// Rounding is the base released counts are rounded to (1: no rounding).
	// Only ModeBase rounds to a base; the other modes replace it.
	Rounding int `json:"rounding"`
	// Mode says how released counts are made from true ones: base (rounding
	// to Rounding, the default), midpoint6 or cell_key (package disclosure).
	Mode disclosure.Mode `json:"mode"`
	// Dominance and PPercent are the magnitude rules for the sums, means and
	// percentiles of the dataset's measures; ACRO's (2, 90%) and 10% unless
	// the file sets them.
	Dominance Dominance `json:"dominance"`
	PPercent  int       `json:"p_percent"`
}

// Dominance is the (n, k) dominance rule: a measure is hidden when its n
// largest contributors make up more than k percent of it.
type Dominance struct {
	N        int `json:"n"`
	KPercent int `json:"k_percent"`
}

// The magnitude rules a file gets when it does not set them: ACRO's.
const (
	defaultDominanceN = 2
	defaultDominanceK = 90
	defaultPPercent   = 10
)

// Strictest returns the disclosure settings for a query that uses all of
// the given datasets: the highest threshold and the largest rounding base.
//
// Rounding bases are not combined (by least common multiple or otherwise):
// the coarsest base wins. With the usual bases (1, 5, 10) each divides the
// next, so the result also satisfies every smaller base. Nil datasets are
// skipped. With no datasets the result is the zero Disclosure, which is not
// a valid setting: a query always names at least one dataset.
func Strictest(ds ...*Dataset) Disclosure {
	var s Disclosure
	for _, d := range ds {
		if d == nil {
			continue
		}
		s.Threshold = max(s.Threshold, d.Disclosure.Threshold)
		s.Rounding = max(s.Rounding, d.Disclosure.Rounding)
	}
	return s
}
