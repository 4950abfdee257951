package enclave

import (
	"encoding/json"
	"strings"

	"github.com/research-enclave/enclave/enclave/audit"
)

// questionBody is the part of a question's audit body a history shows
// (enclave/answer records it: asked.go, manifest.go, hold.go).
type questionBody struct {
	QueryHash  string          `json:"query_hash"`
	Query      json.RawMessage `json:"query"`
	Check      bool            `json:"check"`
	Held       string          `json:"held"`
	HeldFor    []string        `json:"held_for"`
	AskedAgain bool            `json:"asked_again"`
	Refused    string          `json:"refused"`
	Failed     string          `json:"failed"`
}

// questionOf reads ev as a question; ok is false for an event that records
// none (a refusal of project.use that named no query).
func questionOf(ev audit.Event) (Question, bool) {
	var b questionBody
	if len(ev.Body) > 0 && json.Unmarshal(ev.Body, &b) != nil {
		return Question{}, false
	}
	if ev.Kind == audit.KindProjectUse && b.QueryHash == "" {
		return Question{}, false
	}
	q := Question{Seq: ev.Seq, Time: ev.Time, Project: ev.TargetID, Asked: "run", QueryHash: b.QueryHash, Query: withheld(b.Query)}
	if ev.Kind == audit.KindQueryCheck || b.Check {
		q.Asked = "check"
	}
	var reasons []string
	if ev.Decision != nil {
		reasons = ev.Decision.Reasons
	}
	switch {
	case ev.Outcome == audit.OutcomeDenied:
		q.Outcome, q.Reasons = "refused", reasons
	case b.Refused != "":
		q.Outcome, q.Reasons = "refused", []string{b.Refused}
	case ev.Outcome == audit.OutcomeFailure:
		q.Outcome = "failed"
		if b.Failed != "" {
			q.Reasons = []string{b.Failed}
		}
	case b.Held != "":
		q.Outcome, q.Reasons, q.HeldID, q.AskedAgain = "held", b.HeldFor, b.Held, b.AskedAgain
	case q.Asked == "check":
		q.Outcome = "checked"
	default:
		q.Outcome = "answered"
	}
	return q, true
}

// withheldValue stands, in a question shown back, for a value its audit
// record keeps only as an HMAC.
const withheldValue = "(withheld: it looked like an identifier)"

// withheld is the recorded query raw with every HMAC replaced by
// withheldValue: an HMAC of what looked like an identifier is for auditors,
// and shown to anyone else it would make the history a keyed-hash oracle.
func withheld(raw json.RawMessage) any {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return replaceHMACs(v)
}

func replaceHMACs(v any) any {
	switch t := v.(type) {
	case string:
		if strings.HasPrefix(t, audit.FieldHMACPrefix) {
			return withheldValue
		}
	case []any:
		for i := range t {
			t[i] = replaceHMACs(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = replaceHMACs(t[k])
		}
	}
	return v
}
