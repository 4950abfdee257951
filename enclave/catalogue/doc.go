// Package catalogue is the dataset catalogue: the datasets the enclave holds,
// their columns with types and roles, their sensitivity and their minimum
// disclosure settings. It is declared in versioned YAML files, loaded and
// validated once at start (Load, LoadDir), and then read-only: ingest maps
// source files onto its datasets, queries are validated against it, and
// GET /v1/catalogue shows it (View) to researchers and governance officers.
//
// This comment is the governance officer's reference for writing the files.
//
// # Files
//
// One dataset per file, named after the dataset: ae_attendances.yaml holds
// dataset ae_attendances. Every *.yaml file at the top of the catalogue
// directory is loaded; files whose names start with "." and subdirectories
// are ignored, other files (a README) are ignored, and a *.yml file is an
// error rather than being skipped. A file holds one YAML document of at
// most 1 MiB; YAML aliases (*name) are not allowed.
//
//	dataset: ae_attendances      # required; equals the file name
//	version: 3                   # required; 1 or more; bump it on every change
//	title: A&E attendances       # required
//	description: Emergency department attendances, Leeds Teaching Hospitals
//	sensitivity: standard        # required; standard | sensitive
//	review: false                # optional; true holds every answer using it for output review
//	person: pid                  # required; the column holding the person pseudonym
//	disclosure:                  # required; minimums: a project may be stricter, never looser
//	  threshold: 10              # smallest count released, 1 to 1000 (NHS England SDE: 10)
//	  rounding: 5                # released counts are rounded to this base; 1 means no rounding
//	  mode: base                 # optional; base (default) | midpoint6 | cell_key (these two replace rounding)
//	  dominance: {n: 2, k_percent: 90}  # optional; the (n, k) dominance rule for sums and means (ACRO's default)
//	  p_percent: 10              # optional; the p% rule, 1 to 100 (ACRO's default: 10)
//	columns:                     # required; at least one
//	  - {name: pid, type: pseudonym, role: identifier, description: person pseudonym}
//	  - {name: arrival_date, type: date, role: dimension}
//	  - {name: age_band, type: code, role: quasi_identifier, values: ["0-17", "18-64", "65+"]}
//	  - {name: diagnosis_code, type: code, role: dimension, pattern: "[A-Z][0-9]{2}(\\.[0-9])?"}
//	  - {name: wait_minutes, type: integer, role: measure, unit: minutes}
//	  - {name: free_text, type: text, role: never_output}
//
// Each column takes name, type and role (required) and description, unit,
// values and pattern (optional). No other key is accepted anywhere in the
// file, so that a misspelt key is reported rather than silently ignored.
//
// # Types
//
//	pseudonym  a person pseudonym made by the enclave at ingest
//	text       any text
//	code       a coded value (SNOMED CT, ICD-10, a local code list)
//	integer    a whole number
//	number     a decimal number, such as 27.4
//	date       a calendar date, written YYYY-MM-DD
//	boolean    true or false
//
// # Roles
//
//	identifier        points at a person or record; never selected, grouped or filtered on
//	quasi_identifier  could identify someone in combination (age band, area);
//	                  may be output, always under disclosure control
//	dimension         may be selected, grouped by and filtered on
//	measure           may be summed or averaged as well (integer and number only)
//	never_output      held for the enclave's own use; never selected, grouped or filtered on
//
// # Rules
//
//   - dataset and column names: lowercase letters, digits and _, starting with
//     a letter, at most 63 characters; dataset names unique across files and
//     equal to the file name; column names unique within the dataset.
//   - version 1 or more; title not empty; sensitivity standard or sensitive
//     (a project using a sensitive dataset needs two approvals); review, if
//     given, true or false (true: every answer that uses the dataset is held
//     until governance officers approve it, docs/review.md).
//   - disclosure.threshold from 1 to 1000; disclosure.rounding 1 or more. When a
//     query joins datasets the strictest settings apply (Strictest).
//   - disclosure.mode base, midpoint6 or cell_key; dominance.n from 1 to 10,
//     dominance.k_percent from 1 to 99, p_percent from 1 to 100, whole
//     numbers. The governance policy combines them for a query that joins
//     datasets (docs/disclosure.md).
//   - person names a declared column of type pseudonym and role identifier.
//   - a measure has type integer or number; an identifier has type pseudonym,
//     text or code; a pseudonym column has role identifier.
//   - unit only on integer and number columns; values and pattern only on code
//     and text columns. values lists unique, non-empty values. pattern is a Go
//     regular expression (RE2 syntax) that must match the whole value: it is
//     anchored for you, so ^ and $ are allowed but not needed. With both, every
//     listed value must match the pattern, and a value must satisfy both.
//
// Numbers in values are read as written: values: [1, 2, 3] allows "1", "2"
// and "3"; values: [01] allows "01".
//
// # Errors
//
// Load reports every problem in every file, sorted, one per line, as
// file:line: field: rule, for example
//
//	ae_attendances.yaml:9: disclosure.threshold: must be between 1 and 1000
//	ae_attendances.yaml:14: columns[2].role: a measure must have type integer or number, not code
//
// and loads nothing until all are fixed.
//
// # Revision
//
// Revision is a SHA-256 over the files' names and bytes. Together with each
// dataset's version it records exactly which declarations a query was
// validated against.
package catalogue
