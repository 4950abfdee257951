// Package optout reads opt-out list files: the national data opt-out (ndoo)
// and Type 1 objection (type1) lists that the enclave applies to projects'
// data (ARCHITECTURE.md §6, docs/optout.md). It is pure: a streaming parser
// with no storage, keys or HTTP.
//
// # File format
//
// One person per line, in either of the forms the NHS "Check for National
// Data Opt-outs" service exchanges over MESH:
//
//   - the .dat form: one NHS number per line, optionally followed by a comma
//     ("9434765919" or "9434765919,");
//   - plain CSV: the NHS number is the first field (text before the first
//     comma, optionally in double quotes); later fields are ignored, and the
//     first non-blank line may be a header whose first field is nhs_number
//     (any case).
//
// The NHS number itself is whatever pseudonym.ParseNHSNumber accepts (ten
// digits, or 3-3-4 with spaces or hyphens). Lines may end in LF or CRLF; blank
// lines are counted and skipped; a UTF-8 byte order mark is ignored; a gzip
// file (recognised by its magic bytes, not its name) is decompressed on the
// fly. A UTF-16 file is refused as a whole. Quoted fields that span lines are
// not supported: export the NHS number column alone.
//
// # Invalid lines
//
// A line that holds no valid number is counted under a stable reason code
// (pseudonym's nhs.empty, nhs.length, nhs.format, nhs.checksum,
// nhs.never_issued, or this package's line.too_long and nhs.synthetic) and
// listed by line number, up to Options.MaxListed lines; the rest are only
// counted. The line's content is never kept, returned or printed
// (invariant 1). Whether a file with invalid lines may be loaded is the
// caller's rule (enclave.OptOuts refuses more than 1%).
//
// The 999 000 0000 to 999 999 9999 range is never issued to patients. It is
// accepted only with Options.AllowSynthetic (the dev key: demo and tests);
// otherwise such a line is invalid with nhs.synthetic, since a production list
// that holds test numbers is almost certainly the wrong file.
//
// # Content hash
//
// Summary.SHA256 is the SHA-256 of the file's bytes after gunzip: what
// `sha256sum list.dat` (or `zcat list.dat.gz | sha256sum`) prints, so the same
// list hashes the same whether or not it was compressed.
//
// # Bounds
//
// Memory is constant: one line at a time, at most Options.MaxLineBytes long
// (longer lines are invalid and skipped without being buffered). The
// decompressed content is capped at Options.MaxBytes, so a small gzip bomb
// cannot keep a load busy for ever.
package optout
