package optout

// Reason codes of invalid lines that this package adds to pseudonym's nhs.*
// codes. Like those, they travel into reports and audit records: never rename
// or reuse one.
const (
	ReasonLineTooLong = "line.too_long" // longer than Options.MaxLineBytes
	ReasonSynthetic   = "nhs.synthetic" // the 999 test range, without AllowSynthetic
)

// Summary describes a parsed file. It holds counts, line numbers and reason
// codes only: never a line's content.
type Summary struct {
	Lines   int64 `json:"lines"`   // every line, blank and header included
	Blank   int64 `json:"blank"`   // empty or whitespace-only lines
	Header  bool  `json:"header"`  // the first non-blank line was a nhs_number header
	Numbers int64 `json:"numbers"` // valid numbers, duplicates included
	// Synthetic counts the valid numbers in the 999 test range (accepted
	// with AllowSynthetic).
	Synthetic int64 `json:"synthetic"`
	Invalid   int64 `json:"invalid"` // lines holding no valid number
	// InvalidByReason counts invalid lines per reason code.
	InvalidByReason map[string]int64 `json:"invalid_by_reason"`
	// InvalidLines lists the first Options.MaxListed invalid lines;
	// Unlisted counts the rest.
	InvalidLines []InvalidLine `json:"invalid_lines"`
	Unlisted     int64         `json:"invalid_unlisted"`
	Gzip         bool          `json:"gzip"`
	SHA256       [32]byte      `json:"-"` // of the content after gunzip
}

// InvalidLine is one refused line: its number (from 1) and reason code.
type InvalidLine struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

func (s *Summary) invalid(line int64, reason string, maxListed int) {
	s.Invalid++
	if s.InvalidByReason == nil {
		s.InvalidByReason = map[string]int64{}
	}
	s.InvalidByReason[reason]++
	if len(s.InvalidLines) < maxListed {
		s.InvalidLines = append(s.InvalidLines, InvalidLine{Line: line, Reason: reason})
	} else {
		s.Unlisted++
	}
}

// Error is a failure of the file as a whole, with a stable code. Its text
// never holds the file's content.
type Error struct {
	Code string
	msg  string
}

func (e *Error) Error() string { return e.msg }

// The file-level errors. Read errors of the underlying reader are returned
// wrapped, as they are.
var (
	ErrTooLarge = &Error{"file.too_large", "the opt-out file is larger than the limit once decompressed"}
	ErrGzip     = &Error{"file.gzip", "the opt-out file's gzip stream is corrupt or truncated"}
	ErrEncoding = &Error{"file.encoding", "the opt-out file is UTF-16: save it as UTF-8 or ASCII text"}
)
