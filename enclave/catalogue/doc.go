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
//	version: 3                   # required; 1 or more; bump it when the columns change
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
//	  - {name: arrival_date, type: date, role: dimension, granularity: month}
//	  - {name: age_band, type: code, role: quasi_identifier, values: ["0-17", "18-64", "65+"]}
//	  - {name: diagnosis_code, type: code, role: dimension, pattern: "[A-Z][0-9]{2}(\\.[0-9])?"}
//	  - {name: wait_minutes, type: integer, role: measure, unit: minutes, bins: [60, 120, 240, 480]}
//	  - {name: free_text, type: text, role: never_output}
//
// Each column takes name, type and role (required) and description, unit,
// values, pattern, bins and granularity (optional). No other key is
// accepted anywhere in the file, so that a misspelt key is reported rather
// than silently ignored.
//
// The version names the dataset's table (ds_ae_attendances_v3), so bump it
// when the columns change (one is added, removed, renamed or retyped), and
// only then: a new version gets a new table, and the old one stays for the
// results that used it. Every other change (a description, a rule, bins)
// is recorded anyway by the catalogue revision, a hash of the files that
// every answer's manifest carries.
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
//   - unit and bins only on integer and number columns; granularity only on
//     date columns; bins and granularity not on identifier or never_output
//     columns (see Coarsening). values and pattern only on code
//     and text columns. values lists unique, non-empty values. pattern is a Go
//     regular expression (RE2 syntax) that must match the whole value: it is
//     anchored for you, so ^ and $ are allowed but not needed. With both, every
//     listed value must match the pattern, and a value must satisfy both.
//
// Numbers in values are read as written: values: [1, 2, 3] allows "1", "2"
// and "3"; values: [01] allows "01".
//
// # Coarsening: bins and granularity
//
// A query may group by, or filter on, an integer, number or date column only
// through the coarsening the catalogue declares for it: a label such as
// "egfr 37.2" or "seen 2023-03-14" is a person's reading or visit, and a
// group by the exact value would release it even from a hidden cell. An
// integer or number column without bins, or a date without a granularity,
// can be summed or averaged (a measure) but never grouped or filtered on.
//
// bins cut an integer or number column into ranges, in one of two forms:
//
//	bins: [15, 30, 45, 60, 90]                # edges
//	bins: {from: 1900, to: 2030, width: 1}    # regular: edges 1900, 1901, ..., 2030
//
// The edges are strictly increasing, finite and between -1e15 and 1e15, at
// least one and at most 1001 of them; an integer column's edges are whole
// numbers. In the regular form width is more than 0, to is more than from,
// to - from is a whole number of widths, and there are at most 1000 bins
// between from and to (a number column's edges are worked out to 12
// significant digits). The bins are: below the first edge; from each edge
// up to, but not including, the next; and at or above the last edge. Their
// labels, which researchers see, are, for edges [15, 30, 45, 60, 90] on an
// integer column:
//
//	<15  15-29  30-44  45-59  60-89  90+
//
// (a bin holding one whole number is labelled by it: with width 1, "1971"),
// and for edges [18.5, 25, 30] on a number column:
//
//	<18.5  18.5-<25  25-<30  30+
//
// Edges of a number column are written the shortest way that reads back as
// the same value (Go's strconv.FormatFloat(v, 'g', -1, 64): 1000000 is
// "1e+06").
//
// granularity is the calendar period a date column is grouped by: week
// (ISO 8601, Monday to Sunday, labelled with the ISO week-year and week:
// "2023-W05", and 2021-01-03 is in "2020-W53"), month ("2023-04"), quarter
// ("2023-Q2", Q1 being January to March) or year ("2023").
//
// Filters on such a column are widened outwards to whole bins or periods,
// and an eq on a binned column is allowed only where each bin holds one
// whole number (docs/queries.md). Column.GroupBy says how each column may be
// grouped ("categories", "bins", the granularity, "open" for codes and text
// without values, or "none"), and the JSON view shows it as "group_by".
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
// Revision is a SHA-256 over the files' names and bytes, so it changes with
// every change to any file, whether or not a version was bumped. Together
// with each dataset's version it records exactly which declarations a query
// was validated against.
package catalogue
