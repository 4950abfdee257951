package enclave

import (
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/optout"
)

// The rules a list file must meet to be loaded (docs/optout.md).
const (
	// MaxInvalidPercent: a file with more invalid lines than this share of
	// its non-blank lines is refused as a whole, since it is most likely the
	// wrong file or column. Below it, invalid lines are reported and left out:
	// they cannot match anyone, because ingest refuses invalid NHS numbers too.
	MaxInvalidPercent = 1
	// MinOptOutEntries is the fewest distinct numbers a list may hold. No real
	// list is smaller, and the SHA-256 of a file of one or two numbers could
	// be reversed by trying every NHS number, which would put an identifier
	// into the audit log.
	MinOptOutEntries = 10
	// maxReasonsListed bounds the invalid lines named in a refusal.
	maxReasonsListed = 100
)

var errNoKeySource = E(CodeUnavailable, "no key source is configured (ENCLAVE_KEY_SOURCE), so opt-out lists cannot be pseudonymised and none can be loaded")

// checkRequest checks the list and form, defaults the as-of date to today,
// and refuses a date in the future (a day's grace covers time zones ahead of
// UTC).
func checkRequest(req *OptOutRequest, now time.Time) error {
	if _, err := optout.ParseList(string(req.List)); err != nil {
		return E(CodeInvalid, err.Error())
	}
	if _, err := optout.ParseForm(string(req.Form)); err != nil {
		return E(CodeInvalid, err.Error())
	}
	today := optout.DateOf(now)
	if req.AsOf.IsZero() {
		req.AsOf = today
	}
	if req.AsOf.After(today.AddDate(0, 0, 1)) {
		return &Error{Code: CodeInvalid, Message: "as_of " + req.AsOf.String() + " is in the future",
			Reasons: []Reason{{Code: "optout.as_of_future", Message: "the as-of date is the day the list was drawn up, which cannot be after today"}}}
	}
	return nil
}

// acceptFile applies the file-level rules once every line has been read.
func acceptFile(f optout.Summary, staged int64) error {
	if staged != f.Numbers {
		return E(CodeInternal, fmt.Sprintf("staged %d pseudonyms for %d numbers", staged, f.Numbers))
	}
	if f.Numbers == 0 {
		return refusal("optout.no_numbers", "a list must hold a valid NHS number",
			"the file holds no valid NHS number; nothing was loaded", f)
	}
	if f.Invalid*100 > (f.Numbers+f.Invalid)*MaxInvalidPercent {
		return refusal("optout.too_many_invalid", fmt.Sprintf("at most %d%% of a list's lines may be invalid", MaxInvalidPercent),
			fmt.Sprintf("%d of %d lines are invalid: nothing was loaded; fix the file or check it is the right one",
				f.Invalid, f.Numbers+f.Invalid), f)
	}
	return nil
}

// refusal is a CodeInvalid error whose reasons are the rule that failed and
// the first invalid lines, by number and reason code only.
func refusal(code, rule, message string, f optout.Summary) *Error {
	reasons := []Reason{{Code: code, Message: rule}}
	for i, l := range f.InvalidLines {
		if i == maxReasonsListed {
			reasons = append(reasons, Reason{Code: "optout.more_invalid_lines",
				Message: fmt.Sprintf("and %d more invalid lines", f.Invalid-int64(i))})
			break
		}
		reasons = append(reasons, Reason{Code: l.Reason, Message: fmt.Sprintf("line %d", l.Line)})
	}
	return &Error{Code: CodeInvalid, Message: message, Reasons: reasons}
}

func errTooSmall(entries int64) *Error {
	msg := fmt.Sprintf("the list holds %d distinct NHS numbers, fewer than %d: nothing was loaded", entries, MinOptOutEntries)
	return &Error{Code: CodeInvalid, Message: msg, Reasons: []Reason{{Code: "optout.too_small", Message: msg}}}
}

// planVersion decides what a load of next does given the list's current
// version: nothing when the same file was loaded with the same form, as-of
// date and key (a no-op); a refusal when next is older than current;
// otherwise next, numbered after current.
func planVersion(current, next *OptOutVersion) (*OptOutVersion, error) {
	if current == nil {
		return next, nil
	}
	if current.Form == next.Form && current.ContentSHA256 == next.ContentSHA256 && current.AsOf.Equal(next.AsOf.Time) &&
		current.KeyVersion == next.KeyVersion && current.KeyDev == next.KeyDev {
		return nil, nil
	}
	if next.AsOf.Before(current.AsOf.Time) {
		msg := fmt.Sprintf("the current %s list (version %d) is as of %s, later than %s: an older list cannot supersede it",
			current.List, current.Version, current.AsOf, next.AsOf)
		return nil, &Error{Code: CodeConflict, Message: msg, Reasons: []Reason{{Code: "optout.as_of_earlier", Message: msg}}}
	}
	next.Version = current.Version + 1
	return next, nil
}
