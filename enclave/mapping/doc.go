// Package mapping reads dataset mappings: declarative YAML files that say
// how one source format (a provider's CSV extract, a Synthea export) fills
// one catalogue dataset. A new source needs a new mapping file, not new
// code. Load validates a mapping against the catalogue; Bind checks a
// file's header against it; Transform turns each record into the person's
// identifier and the dataset's typed values, or a Reject with a stable
// reason code. The package is pure: it reads files, never the database.
//
// This comment is the reference for writing mapping files; docs/ingest.md
// adds worked examples.
//
// # File
//
//	mapping: gp_patients           # required; lowercase letters, digits and _
//	version: 1                     # required; 1 or more; bump it on every change
//	dataset: patients              # required; the catalogue dataset filled
//	description: GP system patient extract
//	source: {format: csv, delimiter: ",", header: true}   # optional; these are the defaults
//	when: [{column: record_type, equals: "01"}]     # optional; rows for this dataset
//	absent: [deprivation_decile, ethnicity_group]   # not in this source: stored as NULL
//	columns:                       # required; every column of the source file, in any order
//	  - source: nhs_number
//	    identifier: {type: nhs, synthetic: allow}
//	  - source: date_of_birth
//	    target: year_of_birth
//	    date: {layout: "2006-01-02", coarsen: year}
//	  - source: postcode
//	    target: lsoa_code
//	    postcode: {lookup: lookups/postcode_lsoa.csv}
//	  - source: sex
//	    target: sex
//	    recode: {"1": M, "2": F, "9": U, "": U}
//	  - source: gp_practice
//	    drop: true
//	  - source: record_type        # read by when:, never stored
//	    drop: true
//
// A file holds one YAML document of at most 1 MiB; unknown and repeated keys
// and YAML aliases are refused. Every problem is reported, as
// file:line: field: rule, and nothing loads until all are fixed.
//
// # Columns
//
// Each entry names a source column (source, matched exactly against the
// file's header) and does one of three things:
//
//   - identifier: it identifies the person, and fills the dataset's person
//     column with the pseudonym. Exactly one entry is the identifier, and its
//     column appears in no other entry, so an identifier can never be copied
//     into a column. {type: nhs} takes NHS numbers (ten digits, or 3-3-4 with
//     spaces or hyphens; Modulus 11 checked). 999-range numbers, which are
//     never issued to patients, are refused (identifier.synthetic) unless
//     synthetic: allow is given, as the synthetic demo data needs.
//     {type: local, system: <name>} takes identifiers from a local numbering
//     system (a hospital number, a Synthea patient id); the system name
//     (lowercase letters, digits, '.', '_', '-') keeps its pseudonyms apart
//     from every other system's and from NHS numbers.
//   - drop: true: the column is read past and never stored. A dropped column
//     appears in no other entry.
//   - target: <column>: it fills that dataset column, converted as below.
//     Each dataset column is filled by one entry; one source column may fill
//     several (a postcode into two areas, say). optional: true stores NULL
//     for an empty cell; otherwise an empty cell rejects the row.
//
// Every dataset column other than the person column is filled or listed in
// absent. Every header column must be named by an entry: a column added to
// a source is refused (at Bind, by position, never by name) until the
// mapping says whether to map or drop it, so nothing is stored or ignored
// by accident.
//
// # Conditions
//
// when: lists conditions on source columns that a row must all meet to be
// for this dataset: {column: TYPE, equals: numeric} or {column: CATEGORY,
// in: [vital-signs, laboratory]}, compared exactly with the trimmed cell
// (equals: "" meets an empty cell). A row that fails one is skipped: none of
// its other cells is read, so a text VALUE in a row about something else
// does not reject it, and the load counts it as skipped (row.condition),
// not rejected. Each condition names a different column, which columns
// also lists (mapped or dropped), and never the identifier: a mapping file
// holds no identifier's value.
//
// # Conversions
//
// Cells are first trimmed of leading and trailing spaces and tabs. Without
// date:, postcode: or age:, the value is checked against the target
// column's type and copied: integer (int64, decimal), number (float64,
// plain decimal notation), boolean (true or false), code and text (the
// catalogue column's values and pattern apply). recode: maps source values
// to target values first (others pass unchanged); "" as a source value gives
// empty cells a value, "" as a target value makes a placeholder empty. For
// code and text targets, values: and pattern: narrow what the catalogue
// allows.
//
// date: {layout, coarsen} reads a date in a Go layout with a four-digit
// year (2006-01-02, 02/01/2006; a time of day in the layout is read and
// dropped) and coarsens it:
//
//	none        the exact date, into a date column
//	year        the year, into an integer column (date of birth to year of birth)
//	week_start  the Monday of its ISO week, into a date column
//	age_band    the age in whole years on the date in column at, as a band
//	            label, into a code or text column. bands lists the lower
//	            bounds from 0: [0, 5, 10, 85] gives "0-4", "5-9", "10-84",
//	            "85+" (a one-year band is written "1"); every label must be a
//	            value the column allows. at names a non-optional date column.
//
// Dates after the load date are refused.
//
// age: {bands} reads an age in whole years (when the source has no date of
// birth) and writes its band, labelled as age_band labels its bands, into a
// code or text column; every label must be a value the column allows, and
// the last band starts at 130 at most. An age below 0 is refused
// (age.negative), and so is one over 130 (age.implausible), which is a
// mistake in the source rather than a person.
//
// postcode: turns a UK postcode (any case, spaces ignored) into an area, in
// a code or text column: {area: outward} keeps the outward code ("LS6");
// {lookup: <file>} looks the postcode up in a CSV file (plain or gzip), given relative to the
// mapping file, whose header names a postcode column and an area column
// (postcode_column and area_column, by default postcode and area). Every
// postcode in it must be unique and every area must fit the target column.
//
// # Reasons
//
// Transform refuses a row with one of these codes, the first rule broken
// in the order of the entries (the identifier first) after the conditions;
// they are append-only:
//
//	columns.count            the record has a different number of fields from the header
//	identifier.missing       the identifier cell is empty
//	identifier.invalid       not an NHS number (format, length, check digit), or a bad local value
//	identifier.never_issued  0000000000
//	identifier.synthetic     a 999-range NHS number, without synthetic: allow
//	value.required           an empty cell in a column that is not optional
//	encoding.invalid         text that is not valid UTF-8 or holds a NUL byte
//	date.invalid             not a calendar date in the layout
//	date.future              after the load date
//	age.negative             an age below 0, or (age_band) an event date before the date of birth
//	postcode.invalid         not shaped like a UK postcode
//	postcode.unknown         not in the lookup file
//	code.unknown             not one of the allowed values
//	code.pattern             does not match the allowed pattern
//	integer.invalid          not a whole number
//	number.invalid           not a finite decimal number
//	boolean.invalid          neither true nor false
//	age.implausible          age: an age over 130 years
//
// and skips a row that fails a when: condition with row.condition, in a
// Reject with Skip set.
//
// Neither problems nor rejects ever contain a value from a data or lookup
// row (invariant 1): only line numbers, column names from the mapping, and
// rules.
package mapping
