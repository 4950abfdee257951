package httpapi

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
)

// auditFilterParams are the query parameters of GET /v1/audit/events; any
// other is refused, so that a misspelt filter is not silently ignored.
var auditFilterParams = map[string]bool{
	"principal": true, "role": true, "kind": true, "outcome": true, "target_type": true, "target_id": true,
	"project": true, "since": true, "until": true, "after": true, "limit": true,
}

var codeLike = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`)

// auditFilter reads the audit event search parameters. project=X is short
// for target_type=project&target_id=X.
func auditFilter(q url.Values) (enclave.AuditFilter, error) {
	for k, v := range q {
		if !auditFilterParams[k] {
			return enclave.AuditFilter{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("unknown query parameter %q", k))
		}
		if len(v) > 1 {
			return enclave.AuditFilter{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s given more than once", k))
		}
	}
	f := enclave.AuditFilter{
		Principal: q.Get("principal"), Role: q.Get("role"), Kind: q.Get("kind"), Outcome: q.Get("outcome"),
		TargetType: q.Get("target_type"), TargetID: q.Get("target_id"),
	}
	if p := q.Get("project"); p != "" {
		if (f.TargetType != "" && f.TargetType != "project") || (f.TargetID != "" && f.TargetID != p) {
			return f, enclave.E(enclave.CodeInvalid, "query parameter project conflicts with target_type or target_id: project=X means target_type=project&target_id=X")
		}
		f.TargetType, f.TargetID = "project", p
	}
	for name, v := range map[string]string{"role": f.Role, "kind": f.Kind, "outcome": f.Outcome, "target_type": f.TargetType} {
		if v != "" && !codeLike.MatchString(v) {
			return f, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-'", name))
		}
	}
	for name, v := range map[string]string{"principal": f.Principal, "target_id": f.TargetID} {
		if len(v) > 200 || strings.ContainsFunc(v, unicode.IsControl) {
			return f, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s must be at most 200 characters, without control characters", name))
		}
	}
	var err error
	if f.Since, err = timeParam(q.Get("since"), "since"); err != nil {
		return f, err
	}
	if f.Until, err = timeParam(q.Get("until"), "until"); err != nil {
		return f, err
	}
	if f.After, err = intParam(q.Get("after"), "after", -1, -1, 1<<62); err != nil {
		return f, err
	}
	limit, err := intParam(q.Get("limit"), "limit", 100, 1, 1000)
	f.Limit = int(limit)
	return f, err
}
