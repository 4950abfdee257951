package catalogue

import "regexp"

// Type is what a column's values are. The names are those written in
// catalogue files; they travel into the JSON view, so never rename one.
type Type string

// The column types.
const (
	TypePseudonym Type = "pseudonym" // a person pseudonym made by the enclave ("p1." or "dev1." + 64 hex)
	TypeText      Type = "text"      // any UTF-8 text
	TypeCode      Type = "code"      // a coded value (SNOMED CT, ICD-10, a local list)
	TypeInteger   Type = "integer"   // a whole number
	TypeNumber    Type = "number"    // a decimal number
	TypeDate      Type = "date"      // a calendar date, YYYY-MM-DD
	TypeBoolean   Type = "boolean"   // true or false
)

const typeNames = "pseudonym, text, code, integer, number, date, boolean"

func (t Type) valid() bool {
	switch t {
	case TypePseudonym, TypeText, TypeCode, TypeInteger, TypeNumber, TypeDate, TypeBoolean:
		return true
	}
	return false
}

// numeric reports whether a column of this type can hold a measure.
func (t Type) numeric() bool { return t == TypeInteger || t == TypeNumber }

// textual reports whether a column of this type can carry values or a pattern.
func (t Type) textual() bool { return t == TypeCode || t == TypeText }

// Role is what a query may do with a column.
type Role string

// The column roles.
const (
	RoleIdentifier      Role = "identifier"       // points at a person; never output, only joined on
	RoleQuasiIdentifier Role = "quasi_identifier" // may identify in combination (age band, area); output under disclosure control
	RoleDimension       Role = "dimension"        // may be grouped by and filtered on
	RoleMeasure         Role = "measure"          // may be summed or averaged (integer and number columns only)
	RoleNeverOutput     Role = "never_output"     // held for the enclave's own use; never selected, grouped or filtered
)

const roleNames = "identifier, quasi_identifier, dimension, measure, never_output"

func (r Role) valid() bool {
	switch r {
	case RoleIdentifier, RoleQuasiIdentifier, RoleDimension, RoleMeasure, RoleNeverOutput:
		return true
	}
	return false
}

// Column is one declared column of a dataset. The JSON form is the
// declaration as written, and how the column may be grouped by (GroupBy),
// for the read-only catalogue view.
type Column struct {
	Name        string   `json:"name"`
	Type        Type     `json:"type"`
	Role        Role     `json:"role"`
	Description string   `json:"description,omitempty"`
	Unit        string   `json:"unit,omitempty"`
	Values      []string `json:"values,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	// Bins coarsen an integer or number column: it is grouped by them and
	// its ranges widened to them. Nil when the file declares none.
	Bins *Bins `json:"bins,omitempty"`
	// Granularity coarsens a date column: it is grouped by these periods
	// and its ranges widened to them. Empty when the file declares none.
	Granularity Granularity `json:"granularity,omitempty"`

	re *regexp.Regexp // Pattern compiled and anchored at load; nil when there is none
}

// Outputtable reports whether a query may select, group by or filter on the
// column: every role except identifier and never_output. Quasi-identifiers
// are outputtable; disclosure control is what makes releasing them safe.
func (c Column) Outputtable() bool {
	return c.Role != RoleIdentifier && c.Role != RoleNeverOutput
}

// anchored compiles a catalogue pattern so that it must match the whole
// value: "[A-Z][0-9]{2}" means the same as "^[A-Z][0-9]{2}$". The pattern
// is first compiled alone, so that one such as "a)(?:b", which is only
// valid inside the anchoring group, is refused, and errors show the pattern
// as written.
func anchored(pattern string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + pattern + `)$`)
}
