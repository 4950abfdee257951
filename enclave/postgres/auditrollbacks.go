package postgres

import (
	"context"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

var _ enclave.RollbackLog = (*AuditStore)(nil)

// RollbackEvents returns the acknowledgements of rollbacks and the liftings
// of their hold, in log order, selected by their canonical bytes (the kind
// index of migration 015) and checked against every copy, as searches are.
func (s *AuditStore) RollbackEvents(ctx context.Context) ([]audit.Event, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+columnsSelect+`, canonical FROM audit_events
		WHERE audit_field(canonical, 'kind') = ANY($1)
		ORDER BY seq`, []string{string(audit.KindRollbackAcknowledge), string(audit.KindRollbackLift)})
	if err != nil {
		return nil, storeError("read rollback events", err)
	}
	defer rows.Close()
	var (
		events    []audit.Event
		c         audit.Columns
		canonical []byte
	)
	dest := append(columnsDest(&c), &canonical)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, storeError("read rollback events", err)
		}
		e, err := checked(canonical, c)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, storeError("read rollback events", rows.Err())
}
