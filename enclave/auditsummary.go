package enclave

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// ResearcherDay is what one principal asked on one day (UTC), as the audit
// log records it: where a fishing expedition shows up, as many distinct
// questions, many refusals, or many cells withheld, the differencing rule's
// above all.
type ResearcherDay struct {
	Day       string `json:"day"` // YYYY-MM-DD, UTC
	Principal string `json:"principal"`
	// Answers are queries answered and released (query.run success).
	Answers int `json:"answers"`
	// Holds are answers held for output review (query.run success, held).
	Holds int `json:"holds"`
	// AskedAgain counts questions asked again while their answer was held
	// (query.run success, asked_again): each showed the hold, never cells.
	AskedAgain int `json:"asked_again"`
	// Refusals are questions refused, asked to run or to check: invalid
	// (query.run or query.check denied), refused by the policy (project.use
	// denied, for a query) or withheld whole or failed (query.run failure).
	Refusals int `json:"refusals"`
	// Checks are pre-flight checks answered (query.check success).
	Checks int `json:"checks"`
	// Queries counts the distinct questions (query hashes) among them.
	Queries int `json:"queries"`
	// Withheld counts the cells disclosure control withheld in answers and
	// holds, by rule.
	Withheld map[string]int `json:"withheld"`
	// Refused counts refusals by reason code.
	Refused map[string]int `json:"refused"`
}

// SummaryWindow bounds a summary: events at or after Since and before Until.
type SummaryWindow struct {
	Principal string // "" for every principal
	Since     time.Time
	Until     time.Time
}

// MaxSummaryDays bounds one summary's window.
const MaxSummaryDays = 366

// Validate refuses an empty window, or one longer than MaxSummaryDays.
func (w SummaryWindow) Validate() error {
	if !w.Until.After(w.Since) {
		return E(CodeInvalid, "until must be after since")
	}
	if w.Until.Sub(w.Since) > MaxSummaryDays*24*time.Hour {
		return E(CodeInvalid, fmt.Sprintf("a summary covers at most %d days: narrow since and until", MaxSummaryDays))
	}
	return nil
}

// summarise summarises the query events in w, a valid window, per
// principal and day. It reads them as every search does: selected by their
// canonical bytes and checked against their stored copies
// (AuditStore.Each), so a changed copy cannot move an event out of the
// summary or into it.
func (a *Audit) summarise(ctx context.Context, w SummaryWindow) ([]ResearcherDay, error) {
	var s QuerySummary
	for _, f := range []AuditFilter{
		{Kind: string(audit.KindQueryRun)},
		{Kind: string(audit.KindQueryCheck)},
		{Kind: string(audit.KindProjectUse), Outcome: string(audit.OutcomeDenied)},
	} {
		f.Principal, f.Since, f.Until, f.After = w.Principal, w.Since, w.Until, -1
		if err := a.Store.Each(ctx, f, func(e audit.Event) error { s.Add(e); return nil }); err != nil {
			return nil, err
		}
	}
	return s.Days(), nil
}

// QuerySummary adds query events up per principal and day. Its zero value
// is empty and ready.
type QuerySummary struct {
	days    map[dayKey]*ResearcherDay
	queries map[dayKey]map[string]bool
}

type dayKey struct{ day, principal string }

// queryBody is what a summary reads of a query event's body.
type queryBody struct {
	QueryHash  string         `json:"query_hash"`
	Held       string         `json:"held"`
	AskedAgain bool           `json:"asked_again"`
	Suppressed map[string]int `json:"suppressed"`
	Refused    string         `json:"refused"`
	Failed     string         `json:"failed"`
}

// Add counts e if it is a query event (query.run, query.check, or a
// project.use denial of a query); it ignores any other.
func (s *QuerySummary) Add(e audit.Event) {
	var b queryBody
	if len(e.Body) > 0 {
		_ = json.Unmarshal(e.Body, &b) // a body of another shape counts as empty
	}
	switch e.Kind {
	case audit.KindQueryRun, audit.KindQueryCheck:
	case audit.KindProjectUse:
		if e.Outcome != audit.OutcomeDenied || b.QueryHash == "" {
			return // an allowed use, or a refused use by something other than a query
		}
	default:
		return
	}
	k := dayKey{e.Time.UTC().Format(time.DateOnly), e.Principal}
	d := s.day(k)
	switch {
	case e.Kind == audit.KindQueryRun && e.Outcome == audit.OutcomeSuccess:
		switch {
		case b.AskedAgain:
			d.AskedAgain++
		case b.Held != "":
			d.Holds++
		default:
			d.Answers++
		}
		for rule, n := range b.Suppressed {
			if n > 0 {
				d.Withheld[rule] += n
			}
		}
	case e.Kind == audit.KindQueryCheck && e.Outcome == audit.OutcomeSuccess:
		d.Checks++
	default:
		d.Refusals++
		d.Refused[refusalCode(e, b)]++
	}
	if b.QueryHash != "" {
		s.queries[k][b.QueryHash] = true
		d.Queries = len(s.queries[k])
	}
}

func (s *QuerySummary) day(k dayKey) *ResearcherDay {
	if s.days == nil {
		s.days, s.queries = map[dayKey]*ResearcherDay{}, map[dayKey]map[string]bool{}
	}
	d, ok := s.days[k]
	if !ok {
		d = &ResearcherDay{Day: k.day, Principal: k.principal, Withheld: map[string]int{}, Refused: map[string]int{}}
		s.days[k], s.queries[k] = d, map[string]bool{}
	}
	return d
}

// refusalCode is the reason a question was refused: the body's rule for an
// answer withheld whole, its error code for one that failed, else the
// policy's first reason code.
func refusalCode(e audit.Event, b queryBody) string {
	switch {
	case b.Refused != "":
		return b.Refused
	case b.Failed != "":
		return "failed." + b.Failed
	case e.Decision != nil && len(e.Decision.Reasons) > 0:
		return e.Decision.Reasons[0]
	}
	return "unknown"
}

// Days returns the days counted, by day and then principal.
func (s *QuerySummary) Days() []ResearcherDay {
	out := make([]ResearcherDay, 0, len(s.days))
	for _, d := range s.days {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b ResearcherDay) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Principal, b.Principal))
	})
	return out
}
