// Package pseudonym validates direct identifiers and replaces them with keyed
// pseudonyms. It is a leaf package (standard library and x/crypto/hkdf only)
// used by ingest and opt-out import inside the trusted service.
//
// # Pseudonyms
//
// A pseudonym is HMAC-SHA256(K, m), where K is a secret key held by a key
// source (Vault transit, a key read from Vault KV, or the dev key file) and m
// is the identifier's domain-separated message. The linkage pseudonym (pid)
// of a person is HMAC-SHA256(K_link, "nhs:" || nhs_number): the same person
// gets the same pid in GP, hospital and social care data, so datasets join on
// pid inside the enclave. Without K a pseudonym cannot be recomputed from a
// guessed identifier, which plain hashing of a ten-digit number would allow
// in seconds.
//
// # Domain separation
//
// Messages are "nhs:" + ten digits for an NHS number and
// "local:" + system + ":" + value for a local identifier. The same digits can
// be an NHS number and, say, a hospital number of a different person; the
// prefixes make sure they never collide on one pseudonym. System names cannot
// contain ':', so every message splits back into its parts one way only.
//
// # Text form and key versions
//
// Pseudonym.String writes "p1." + 64 lowercase hex digits. "1" is the scheme
// version (HMAC-SHA256, hex); the key version (Key.Version, for example the
// pinned Vault key version) is recorded beside the data, not in the text.
// Rotating the key changes every pid, so re-keying is a planned job.
//
// A pseudonym made with the dev key source (NewDevKey) carries the dev flag in
// its value and writes "dev1." instead, so a demo or test pseudonym can never
// be mistaken for a production one; anything derived from a dev key or a dev
// pseudonym stays dev.
//
// # Derived keys
//
// Key.Derive derives per-purpose keys with HKDF-SHA256 (RFC 5869). The salt is
// the fixed public string "enclave/v1"; the info is the purpose label, a zero
// byte, and each further part prefixed with its length. Per-project pseudonyms
// are HMAC(HKDF(K_project_root, project_id), pid) (Key.ProjectPseudonym), so
// that two projects cannot link their outputs; record keys will use other
// purposes of the same scheme.
//
// # NHS numbers
//
// ParseNHSNumber accepts ten digits, or the 3-3-4 grouping with one space or
// one hyphen in both gaps, after trimming ASCII whitespace. Anything else
// (other separators, double or mixed separators, other groupings) is refused
// rather than guessed at. The Modulus 11 check is S = 10*d1 + 9*d2 + ... +
// 2*d9, check = 11 - (S mod 11), 11 meaning 0; a result of 10 makes the number
// invalid whatever its last digit (so 9991234560 and 9990000000 are invalid).
//
// 0000000000 passes the check but is never issued, so it is refused
// (ErrNeverIssued): a row carrying it is a placeholder, and accepting it would
// join every such row into one "person". The range 999 000 0000 to
// 999 999 9999 is never issued to patients either, but it is accepted when
// the check passes, because our synthetic and demo data use it;
// NHSNumber.Synthetic reports it, so a production load can refuse or count
// such rows by policy. No other range (Scottish CHI, Northern Ireland) is
// checked: a checksum-valid number from any issuing range is accepted.
//
// # Keeping identifiers out of logs (invariant 1)
//
// NHSNumber, Identifier and Key redact themselves in fmt (every verb), slog,
// and refuse JSON and text marshalling. Their contents sit behind a pointer to
// a string, which fmt never dereferences, so they stay hidden even inside a
// struct's unexported field, where fmt cannot call their methods (reflection
// based dumpers outside fmt, such as spew, are not covered). Errors are fixed
// sentinel values with a stable Reason code and never contain the input.
// Pseudonyms log as "[pseudonym]".
//
// # No oracle for researchers (invariant 2)
//
// Key, LocalPseudonymiser and every Pseudonymiser turn an identifier into its
// pseudonym: they are an oracle. They belong to ingest and opt-out import, and
// nothing a researcher can reach (HTTP routes, query results) may call them or
// return a pid. Keys never enter the database or the repository.
package pseudonym
