package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// asSuper runs SQL as a database superuser with triggers off for the
// session (session_replication_role = replica), past the append-only
// trigger: the tampering a database administrator could do.
func (f *auditFixture) asSuper(t *testing.T, sql string) {
	t.Helper()
	ctx := context.Background()
	conn := f.db.Super(t)
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("tamper %q: %v", sql, err)
	}
}

// TestAuditCopiesCannotHideAnEvent changes, as the superuser, each copy
// audit_events keeps of one event beside its canonical bytes, in turn:
// every searchable column, the jsonb event and the leaf hash. Each time,
// `audit verify` fails naming the event and the column, and a search that
// matched the event before the change (by its principal, kind, target or
// time) still finds it, and so fails naming it rather than leaving it out.
// Restored, the log verifies again.
func TestAuditCopiesCannotHideAnEvent(t *testing.T) {
	t.Parallel()
	f := newAuditFixture(t)
	out, err := runCmd(t, f.auditor, "audit", "events", "--kind", "token.create", "--format", "json")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var evs []auditEvent
	if err := json.Unmarshal([]byte(out), &evs); err != nil || len(evs) != 3 {
		t.Fatalf("token.create events: %v\n%s", err, out)
	}
	nina := evs[1] // the operator's token.create for nina
	seq := strconv.FormatUint(nina.Seq, 10)
	f.asSuper(t, `CREATE TABLE saved_event AS SELECT * FROM audit_events WHERE seq = `+seq)
	searches := [][]string{
		{"--principal", nina.Principal},
		{"--kind", "token.create"},
		{"--role", nina.Role},
		{"--outcome", nina.Outcome},
		{"--target-type", nina.TargetType, "--target-id", nina.TargetID},
		{"--since", nina.Time.Add(-1e3).Format("2006-01-02T15:04:05.999999999Z07:00"), "--until", nina.Time.Add(1e3).Format("2006-01-02T15:04:05.999999999Z07:00")},
	}
	for _, tc := range []struct{ column, set string }{
		{"principal_id", `principal_id = 'someone-else'`},
		{"role", `role = 'auditor'`},
		{"kind", `kind = 'audit.read'`},
		{"target_type", `target_type = 'project'`},
		{"target_id", `target_id = 'tok_other'`},
		{"outcome", `outcome = 'denied'`},
		{"recorded_at", `recorded_at = recorded_at - interval '1 day'`},
		{"event", `event = jsonb_set(event, '{principal}', '"someone-else"')`},
		{"event", `event = jsonb_set(event, '{kind}', '"audit.read"')`},
		{"leaf_hash", `leaf_hash = sha256(leaf_hash)`},
	} {
		t.Run(tc.column, func(t *testing.T) {
			f.asSuper(t, `UPDATE audit_events SET `+tc.set+` WHERE seq = `+seq)
			out, err := f.verify(t)
			if err == nil || !strings.Contains(out, "FAILED") || !strings.Contains(out, "event "+seq+": column "+tc.column+",") {
				t.Errorf("verify after changing %s: %v, want FAILED at event %s naming column %s:\n%s", tc.column, err, seq, tc.column, out)
			}
			for _, s := range searches {
				args := append([]string{"audit", "events"}, s...)
				out, err := runCmd(t, f.auditor, args...)
				if err == nil || !strings.Contains(err.Error(), "event "+seq+": column "+tc.column+" ") {
					t.Errorf("enclave %s after changing %s: %v, want an error naming event %s and column %s:\n%s",
						strings.Join(args, " "), tc.column, err, seq, tc.column, out)
				}
			}
			f.asSuper(t, `UPDATE audit_events a SET principal_id = s.principal_id, role = s.role, kind = s.kind,
				target_type = s.target_type, target_id = s.target_id, outcome = s.outcome, recorded_at = s.recorded_at,
				event = s.event, leaf_hash = s.leaf_hash FROM saved_event s WHERE a.seq = s.seq`)
			f.mustVerify(t, `OK: .* every copy kept for searching matches`)
		})
	}
}
