package audit

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is a signed statement of the log's size and root: the C2SP
// tlog-checkpoint body (https://c2sp.org/tlog-checkpoint) with one extension
// line giving the signing time.
type Checkpoint struct {
	Origin string // identity of the log, e.g. "enclave.example.nhs.uk/audit"
	Size   uint64
	Root   [32]byte
	Time   time.Time // encoded in UTC, whole seconds
}

const checkpointTimeLayout = "2006-01-02T15:04:05Z"

// Body returns the note text:
//
//	<origin>\n<size in decimal>\n<base64 root>\ntime <YYYY-MM-DDThh:mm:ssZ>\n
func (c Checkpoint) Body() []byte {
	var b []byte
	b = append(append(b, c.Origin...), '\n')
	b = append(strconv.AppendUint(b, c.Size, 10), '\n')
	b = append(base64.StdEncoding.AppendEncode(b, c.Root[:]), '\n')
	b = append(b, "time "...)
	return append(c.Time.UTC().AppendFormat(b, checkpointTimeLayout), '\n')
}

// validOrigin follows C2SP's advice (no spaces, no '+') strictly, because the
// origin doubles as a note key name, where those characters are not allowed.
func validOrigin(o string) error {
	if o == "" {
		return errors.New("origin is empty")
	}
	if strings.ContainsFunc(o, func(r rune) bool {
		return r == '+' || unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar
	}) {
		return errors.New("origin contains a space, '+', a control character or invalid UTF-8")
	}
	return nil
}

// SignCheckpoint returns c as a signed note. s may be any note.Signer, such
// as a Vault transit key; this package never sees a private key.
func SignCheckpoint(c Checkpoint, s note.Signer) ([]byte, error) {
	if err := validOrigin(c.Origin); err != nil {
		return nil, fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	if y := c.Time.UTC().Year(); c.Time.IsZero() || y < 1 || y > 9999 {
		return nil, errors.New("audit: sign checkpoint: time is unset or out of range")
	}
	signed, err := note.Sign(&note.Note{Text: string(c.Body())}, s)
	if err != nil {
		return nil, fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	return signed, nil
}

// OpenCheckpoint checks the signature of signed against the single pinned
// verifier, then parses the body strictly and requires the expected origin.
// Signatures by other keys (witnesses, a rotated key) are ignored, as the
// note format requires; a note without a valid signature by v is rejected.
func OpenCheckpoint(signed []byte, v note.Verifier, origin string) (Checkpoint, error) {
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: open checkpoint (key %s): %w", v.Name(), err)
	}
	c, err := parseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: open checkpoint: %w", err)
	}
	if c.Origin != origin {
		return Checkpoint{}, fmt.Errorf("audit: open checkpoint: origin %q, want %q", c.Origin, origin)
	}
	return c, nil
}

// CheckpointSize reads the size that a signed checkpoint states, without
// checking its signature: to choose what to fetch or sign next, never to
// rely on. The text is parsed as strictly as OpenCheckpoint parses it, so a
// checkpoint that opens has the same size here.
func CheckpointSize(signed []byte) (uint64, error) {
	// A note is its text, a blank line, then the signature lines.
	i := bytes.LastIndex(signed, []byte("\n\n"))
	if i < 0 {
		return 0, errors.New("audit: checkpoint size: not a signed note")
	}
	c, err := parseCheckpoint(string(signed[:i+1]))
	if err != nil {
		return 0, fmt.Errorf("audit: checkpoint size: %w", err)
	}
	return c.Size, nil
}

// parseCheckpoint accepts exactly the text Body produces: four lines, the
// last the time extension. Re-encoding and comparing rejects every other
// spelling (leading zeros, unpadded base64, fractional seconds, offsets).
func parseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.Split(text, "\n")
	if len(lines) != 5 || lines[4] != "" {
		return Checkpoint{}, fmt.Errorf("body has %d lines, want 4 (origin, size, root, time)", len(lines)-1)
	}
	var c Checkpoint
	var err error
	c.Origin = lines[0]
	if c.Size, err = strconv.ParseUint(lines[1], 10, 64); err != nil {
		return Checkpoint{}, errors.New("size line is not a decimal number")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != len(c.Root) {
		return Checkpoint{}, errors.New("root line is not a base64 32-byte hash")
	}
	c.Root = [32]byte(root)
	ts, ok := strings.CutPrefix(lines[3], "time ")
	if !ok {
		return Checkpoint{}, errors.New(`fourth line is not the "time" extension`)
	}
	if c.Time, err = time.Parse(checkpointTimeLayout, ts); err != nil {
		return Checkpoint{}, fmt.Errorf("time %q is not in the form %s", ts, checkpointTimeLayout)
	}
	if err := validOrigin(c.Origin); err != nil {
		return Checkpoint{}, err
	}
	if string(c.Body()) != text {
		return Checkpoint{}, errors.New("body is not in canonical form")
	}
	return c, nil
}

// NewDevSigner generates an Ed25519 note key pair named name, for the demo
// and tests. Production keys live in Vault and sign through note.Signer.
func NewDevSigner(name string) (skey, vkey string, err error) {
	skey, vkey, err = note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", "", fmt.Errorf("audit: generate note key %q: %w", name, err)
	}
	return skey, vkey, nil
}
