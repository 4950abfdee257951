package httpapi

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

func TestAuditFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query   string
		want    enclave.AuditFilter
		wantErr string
	}{
		{"", enclave.AuditFilter{After: -1, Limit: 100}, ""},
		{"project=p1&kind=query.run", enclave.AuditFilter{TargetType: "project", TargetID: "p1", Kind: "query.run", After: -1, Limit: 100}, ""},
		{"since=2026-11-01T00:00:00Z&after=7&limit=5", enclave.AuditFilter{Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), After: 7, Limit: 5}, ""},
		{"project=p1&target_type=token", enclave.AuditFilter{}, "conflicts"},
		{"limit=0", enclave.AuditFilter{}, "limit"},
		{"limit=5000", enclave.AuditFilter{}, "limit"},
		{"since=yesterday", enclave.AuditFilter{}, "since"},
		{"after=-5", enclave.AuditFilter{}, "after"},
		{"nhs_number=9434765919", enclave.AuditFilter{}, "unknown query parameter"},
		{"kind=a&kind=b", enclave.AuditFilter{}, "more than once"},
		{"kind=%00", enclave.AuditFilter{}, "kind must be"},
		{"principal=a%00b", enclave.AuditFilter{}, "control characters"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got, err := auditFilter(q)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: error %v, want one mentioning %q", tt.query, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %+v, %v; want %+v", tt.query, got, err, tt.want)
		}
	}
}
