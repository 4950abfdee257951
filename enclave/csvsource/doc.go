// Package csvsource reads provider CSV files for ingest, one record at a
// time and in constant memory, however large or malformed the file.
//
// # Format
//
// The input is UTF-8 text, optionally gzip-compressed (detected by its magic
// bytes, so the file name does not matter; concatenated gzip members are
// read as one stream). Other compressed or archive formats (zip, zstd,
// bzip2, xz) are refused by Open rather than read as text. A UTF-8 byte order
// mark at the start is skipped.
//
// Every record is one physical line, ended by LF or CRLF; the last line may
// have no line end. Fields are separated by Options.Delimiter (',' unless
// set) and may be quoted as in RFC 4180, within the line: a quoted field
// starts and ends with '"' and writes a '"' inside as '""'. A quoted field
// cannot span lines. Extracts from clinical systems put one record on a line,
// and this rule lets a broken quote cost one line, not the rest of the file;
// a field that needs a line break is refused (csv.syntax) rather than
// guessed at. Fields are returned exactly as written: no trimming.
//
// The first line is the header: it must be valid, non-empty and name every
// column once. Lines that are completely empty (after the line end is
// removed) carry no data and are skipped wherever they are; a line of
// spaces is not empty.
//
// # Rejects and errors
//
// A line that breaks a rule is skipped and reported as a Reject: its line
// number (1-based physical line; the header is line 1) and a stable Reason,
// never its content (invariant 1: a line may hold identifiers). Reading
// continues with the next line:
//
//	line.too_long     longer than Options.MaxLineBytes (1 MiB unless set); read past, never held whole
//	encoding.invalid  not valid UTF-8, or holds a NUL byte (which PostgreSQL text cannot store)
//	csv.syntax        a quote in an unquoted field, text after a closing quote, or an unclosed quote
//	columns.count     a different number of fields from the header
//
// Anything that makes the rest of the input untrustworthy is a hard error,
// returned from Next (and from every later call): a read error, a truncated
// or corrupt gzip stream. The caller then abandons the whole load, so that
// nothing from a damaged file is stored.
package csvsource
