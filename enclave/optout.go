package enclave

import (
	"context"
	"encoding/hex"
	"io"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/pseudonym"
)

// OptOutVersion is one stored version of an opt-out list: its metadata and
// counts, never its numbers (the store holds only their pseudonyms).
type OptOutVersion struct {
	List          optout.List `json:"list"`
	Version       int         `json:"version"` // 1, 2, ... per list
	Form          optout.Form `json:"form"`
	ContentSHA256 string      `json:"content_sha256"` // hex, of the file after gunzip
	AsOf          optout.Date `json:"as_of"`
	LoadedAt      time.Time   `json:"loaded_at"`
	LoadedBy      string      `json:"loaded_by"`
	Lines         int64       `json:"lines"`
	Numbers       int64       `json:"numbers"`    // valid numbers, duplicates included
	Duplicates    int64       `json:"duplicates"` // Numbers - Entries
	Invalid       int64       `json:"invalid"`
	Entries       int64       `json:"entries"` // distinct pseudonyms stored
	KeyVersion    int         `json:"key_version"`
	KeyDev        bool        `json:"key_dev"`
}

// PIDSource yields the pseudonyms of a list in batches; Next returns io.EOF
// after the last batch. An error ends the load with nothing stored.
type PIDSource interface {
	Next(ctx context.Context) ([]pseudonym.Pseudonym, error)
}

// OptOutLoad is one load as the store runs it, in one transaction: stage
// every pseudonym from PIDs, then, holding a lock that serialises loads,
// consult Plan, write, and append the audit event from Record last.
type OptOutLoad struct {
	List optout.List
	PIDs PIDSource
	// Plan gets the list's current version (nil if none) and how many
	// pseudonyms were staged. It returns the version to store (Entries and
	// Duplicates are the store's to fill in), nil to store nothing (a no-op),
	// or an error that rolls everything back.
	Plan func(current *OptOutVersion, staged int64) (*OptOutVersion, error)
	// Record returns the audit event of the outcome: the stored version, or
	// for a no-op the current one; an error rolls everything back.
	Record func(v OptOutVersion, noop bool) (audit.Event, error)
}

// OptOutStore keeps opt-out list versions and their pseudonyms. A stored
// version supersedes the list's previous one, whose pseudonyms are deleted,
// in the same transaction.
type OptOutStore interface {
	LoadOptOut(ctx context.Context, load OptOutLoad) (v OptOutVersion, noop bool, err error)
	// CurrentOptOuts returns the current version of every list that has one.
	CurrentOptOuts(ctx context.Context) ([]OptOutVersion, error)
}

// OptOuts loads opt-out lists and reports whether they are fit to use.
type OptOuts struct {
	Store OptOutStore
	Audit *Audit
	// Pseudonymiser is the key source the pseudonyms are made with; it must
	// be the one ingest uses. nil refuses loads (no key source configured).
	Pseudonymiser pseudonym.Pseudonymiser
	// MaxAge is how old (from its as-of date) a list may be before it is
	// stale; zero or less makes every list stale.
	MaxAge time.Duration
	Now    func() time.Time
}

// OptOutRequest describes a list file to load.
type OptOutRequest struct {
	List optout.List
	Form optout.Form
	AsOf optout.Date // the zero Date means today
}

// OptOutReport is the outcome of a load: the version now current, whether
// the load changed nothing, and what was read from the file.
type OptOutReport struct {
	Version OptOutVersion  `json:"version"`
	NoOp    bool           `json:"noop"`
	File    optout.Summary `json:"file"`
}

// Load reads a list file from r and stores it as the list's new version, or
// recognises it as the current one (a no-op, audited all the same). It is
// all or nothing: any error leaves the stored lists as they were. The caller
// has authorised actor.
func (s *OptOuts) Load(ctx context.Context, actor Actor, req OptOutRequest, r io.Reader) (OptOutReport, error) {
	if s.Pseudonymiser == nil {
		return OptOutReport{}, errNoKeySource
	}
	now := s.Now().UTC()
	if err := checkRequest(&req, now); err != nil {
		return OptOutReport{}, err
	}
	parser := optout.NewParser(r, optout.Options{AllowSynthetic: s.Pseudonymiser.Dev()})
	var report OptOutReport
	load := OptOutLoad{
		List: req.List,
		PIDs: &pidBatches{parser: parser, ps: s.Pseudonymiser},
		Plan: func(current *OptOutVersion, staged int64) (*OptOutVersion, error) {
			report.File = parser.Summary()
			if err := acceptFile(report.File, staged); err != nil {
				return nil, err
			}
			next := &OptOutVersion{
				List: req.List, Version: 1, Form: req.Form, ContentSHA256: hex.EncodeToString(report.File.SHA256[:]),
				AsOf: req.AsOf, LoadedAt: now.Truncate(time.Microsecond), LoadedBy: actor.Principal.ID,
				Lines: report.File.Lines, Numbers: report.File.Numbers, Invalid: report.File.Invalid,
				KeyVersion: s.Pseudonymiser.KeyVersion(), KeyDev: s.Pseudonymiser.Dev(),
			}
			return planVersion(current, next)
		},
		Record: func(v OptOutVersion, noop bool) (audit.Event, error) {
			if !noop && v.Entries < MinOptOutEntries {
				return audit.Event{}, errTooSmall(v.Entries)
			}
			return s.Audit.Event(actor, audit.KindOptOutLoad, "optout_list", string(v.List), audit.OutcomeSuccess, nil,
				optOutBody(v, noop, report.File)), nil
		},
	}
	v, noop, err := s.Store.LoadOptOut(ctx, load)
	if err != nil {
		return OptOutReport{}, err
	}
	report.Version, report.NoOp = v, noop
	return report, nil
}

// optOutBody is what the audit log keeps of a load: counts and hashes, never
// a number or a line.
func optOutBody(v OptOutVersion, noop bool, f optout.Summary) map[string]any {
	byReason := f.InvalidByReason
	if byReason == nil {
		byReason = map[string]int64{}
	}
	return map[string]any{
		"list": string(v.List), "form": string(v.Form), "version": v.Version, "noop": noop,
		"as_of": v.AsOf.String(), "content_sha256": v.ContentSHA256,
		"key_version": v.KeyVersion, "key_dev": v.KeyDev,
		"lines": f.Lines, "numbers": f.Numbers, "invalid": f.Invalid, "invalid_by_reason": byReason,
		"entries": v.Entries, "duplicates": v.Duplicates,
	}
}
