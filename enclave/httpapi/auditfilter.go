package httpapi

import (
	"net/url"

	"github.com/research-enclave/enclave/enclave"
)

// auditFilter reads the audit event search parameters. project=X is short
// for target_type=project&target_id=X.
func auditFilter(q url.Values) (enclave.AuditFilter, error) {
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
