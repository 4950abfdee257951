package mapping

import (
	"regexp"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// Mapping is a loaded, validated mapping of one source format onto one
// catalogue dataset. It is immutable and safe for concurrent use; Bind
// checks a file's header against it and returns a Transformer for that
// file's rows.
type Mapping struct {
	name     string
	version  int
	dataset  string
	person   string // the dataset's person column, filled from id
	delim    byte
	revision string
	id       identifier
	columns  []*column // mapped source columns, in file order
	drops    []string  // dropped source columns
	targets  []string  // dataset columns other than person, in dataset order

	when []*condition // a row that fails one is skipped, not converted
}

// identifier is the source column that identifies the person.
type identifier struct {
	source    string
	kind      string // pseudonym.KindNHS or pseudonym.KindLocal
	system    string // local identifiers
	synthetic bool   // accept 999-range NHS numbers
}

// conversion is how a source value becomes a target value.
type conversion int

const (
	convCopy     conversion = iota // checked and typed; optionally recoded
	convDate                       // parsed and coarsened
	convPostcode                   // normalised and replaced by an area
	convAge                        // a whole number of years, replaced by its band
)

// column is one mapped source column: where its value goes and how it is
// converted and checked.
type column struct {
	source, target string
	slot           int            // index of target in Result.Values
	typ            catalogue.Type // the target's type
	optional       bool           // an empty cell stores NULL
	conv           conversion
	recode         map[string]string // convCopy
	rule           textRule          // code and text targets
	date           dateSpec          // convDate
	bands          ageBands          // convAge, and convDate coarsened to age_band
	lookup         map[string]any    // convPostcode: normalised postcode -> area; nil for the outward code
}

// textRule holds the allowed values and patterns of a code or text target:
// the catalogue column's and the mapping's own.
type textRule struct {
	allowed  map[string]any // nil: any value; values are boxed once, here
	patterns []*regexp.Regexp
}

// Name is the mapping's name, as declared in its file.
func (m *Mapping) Name() string { return m.name }

// Version is the mapping's version, as declared in its file.
func (m *Mapping) Version() int { return m.version }

// Dataset is the catalogue dataset the mapping fills.
func (m *Mapping) Dataset() string { return m.dataset }

// Person is the dataset's person column, which holds the pseudonym of the
// identifier each row's Result carries.
func (m *Mapping) Person() string { return m.person }

// Columns returns the dataset's columns other than the person column, in
// the dataset's order: the order of Result.Values.
func (m *Mapping) Columns() []string { return slices.Clone(m.targets) }

// Delimiter is the source's field separator.
func (m *Mapping) Delimiter() byte { return m.delim }

// Revision identifies the exact files the mapping was loaded from: "sha256:"
// and the lowercase hex SHA-256 over the mapping file's bytes and a zero
// byte, then, for each lookup file in the order the mapping names them, its
// path as written in the mapping, a zero byte, its bytes and a zero byte.
// It does not depend on where the files live. Load records carry it beside
// the catalogue revision.
func (m *Mapping) Revision() string { return m.revision }
