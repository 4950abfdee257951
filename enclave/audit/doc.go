// Package audit defines the enclave's tamper-evident audit log: the event
// record and its frozen byte encoding, the RFC 6962 Merkle tree the events
// are leaves of, signed checkpoints (C2SP tlog-checkpoint in the signed-note
// format), inclusion and consistency proofs, and the verifier that an
// auditor runs offline over an exported log with only the log's public key.
//
// The package is pure: no database, no network (a verifier's Source does
// the fetching), and no file but a verifier's saved State. The store builds
// each Event inside the transaction of the action it records (fail closed:
// no audit record, no action), fills in Seq and PrevRoot from the stored
// Tree, appends the leaf hash and keeps the new compact range. Sensitive
// values enter an event only as FieldHMAC strings.
//
// # What the log guarantees
//
// Each event carries the root of the log before it (PrevRoot), so changing,
// removing or reordering any event except the last breaks the chain at a
// point the Verifier names. Someone who can rewrite the whole tail, fixing up
// every later PrevRoot, still cannot match a checkpoint signed before the
// change: that is what checkpoints, and auditors keeping the last one they
// saw, are for. A consistency proof shows that a new checkpoint extends an
// old one without downloading the log; an inclusion proof shows that one
// event is in a signed log.
//
// # Verifying
//
// Every verifier (the CLI's `enclave audit verify` and `prove`, the web
// interface's auditor pages) calls the same functions and only fetches and
// shows:
//   - VerifyLog checks a whole log that a Source serves against a checkpoint
//     signed for it, every copy kept for searching, and, given the State
//     saved last time (LoadState, Report.State, State.Save), that the log
//     only grew. PinnedKey says which key a run trusts.
//   - CheckBundle checks an inclusion or consistency proof Bundle offline.
//   - CheckpointSize reads a signed checkpoint's size without its key, to
//     choose what to fetch; OpenCheckpoint is what makes it trustworthy.
//
// # Copies kept for searching
//
// A store may keep copies of an event's fields beside its canonical bytes
// (Columns), to search and to read with SQL. Nothing signs them, so
// nothing may trust them: CheckColumns compares every copy with the bytes,
// stores search the bytes themselves, and the Verifier compares the copies
// of every event (AddStreamColumns).
//
// # Event encoding, version 1
//
// An event is hashed, exported and verified as its canonical bytes: one JSON
// object (RFC 8259) in UTF-8, with no byte-order mark, no whitespace outside
// strings, no newline byte anywhere (so an export is one event per line,
// separated by 0x0A, which is not part of the event), and exactly these
// members in exactly this order:
//
//	{"v":1,                          format version, the digit 1
//	 "seq":N,                        leaf index: decimal, no sign, no leading zeros
//	 "time":"YYYY-MM-DDThh:mm:ss.ffffffZ",  UTC, always 6 fraction digits (truncated, not rounded), years 0001-9999
//	 "prev_root":"HEX64",            32-byte root of the log of size seq: 64 lower-case hex digits;
//	                                 for seq 0, SHA-256 of no bytes (e3b0c442...b855)
//	 "principal":S,                  principal id, "" when anonymous
//	 "role":S,
//	 "kind":S,                       one of Kinds()
//	 "target_type":S,                may be ""
//	 "target_id":S,                  may be ""
//	 "outcome":S,                    "success", "denied" or "failure"
//	 "decision":null or {"allow":true|false,"reasons":[S,S,...],"revision":S},
//	 "request_id":S,
//	 "body":OBJECT}                  kind-specific object; {} when empty
//
// (The line breaks and spaces above are for reading only.) For example:
//
//	{"v":1,"seq":0,"time":"2025-01-02T03:04:05.123456Z","prev_root":"e3b0...b855","principal":"ops","role":"operator","kind":"token.create","target_type":"token","target_id":"t1","outcome":"success","decision":null,"request_id":"r1","body":{}}
//
// Strings S (member names, values, reasons, and every string in the body)
// are written in one spelling only:
//   - '"' is \" and '\' is \\;
//   - 0x08, 0x0C, 0x0A, 0x0D, 0x09 are \b, \f, \n, \r, \t; every other byte
//     below 0x20 is \u00XX with lower-case hex digits;
//   - U+2028 and U+2029 are \u2028 and \u2029;
//   - everything else is the character's own UTF-8 bytes: '<', '>', '&', '/',
//     DEL and all non-ASCII characters are not escaped.
//
// Strings must be valid UTF-8. The principal, role, target type, target id,
// request id, policy revision and each reason are at most 200 bytes; a
// decision has at most 64 reasons ("reasons":[] when it has none); a whole
// event is at most 128 KiB (MaxEventBytes), so a reader of an export must
// accept lines that long.
//
// The body is canonicalised on encode: whitespace is dropped, the members of
// every object are sorted by the bytes of their UTF-8 names (this is not RFC
// 8785, which sorts by UTF-16 code units), arrays keep their order, strings
// are re-escaped as above, true/false/null are themselves, and numbers are
// kept exactly as written (1.0 stays 1.0, 1e3 stays 1e3: write integers in
// plain decimal). Duplicate member names, lone surrogate escapes, nesting
// deeper than 64 and a canonical body over 64 KiB are rejected, as is a body
// that is not an object.
//
// The leaf hash of an event is SHA-256(0x00 || canonical bytes) (RFC 6962);
// interior nodes are SHA-256(0x01 || left || right).
//
// Parse accepts only canonical bytes: it re-encodes what it read and requires
// the same bytes, so there is exactly one encoding, hence one hash, per event.
//
// # Versioning
//
// Version 1 never changes, not even to fix a mistake: logs written today must
// verify in ten years. testdata/audit/v1_fixture.ndjson freezes it; its test
// must keep passing unchanged. Appending a Kind is not a format change: Parse
// and the Verifier accept any well-formed kind (lower-case dotted words), so
// verifiers built before a kind existed still verify logs that hold it; only
// encoding a new event insists on a known kind. A new format gets a new "v"
// value, written by new events only, and the verifier keeps accepting every
// earlier version, so one log can mix versions.
//
// # Checkpoints
//
// A checkpoint is a signed note (golang.org/x/mod/sumdb/note) whose text is
//
//	<origin>\n<size>\n<root, standard base64 with padding>\ntime <YYYY-MM-DDThh:mm:ssZ>\n
//
// the C2SP tlog-checkpoint body plus one extension line with the signing
// time in UTC. Only note.Signer and note.Verifier are used, so the signing
// key can stay in Vault.
package audit
